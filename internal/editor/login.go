package editor

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
)

type loginView struct {
	Email string
	Next  string
}

// safeNext returns next when it is a path inside the interface, else /app/.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/app/") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return "/app/"
}

func (e *Editor) loginPage(c *gin.Context) {
	if auth.User(c) != nil {
		c.Redirect(http.StatusSeeOther, safeNext(c.Query("next")))
		return
	}
	p := e.page(c, "LogIn")
	e.takeFlash(c, p)
	p.D = loginView{Next: safeNext(c.Query("next"))}
	e.render(c, http.StatusOK, "login", p)
}

func (e *Editor) login(c *gin.Context) {
	email, password := c.PostForm("email"), c.PostForm("password")
	next := safeNext(c.PostForm("next"))
	_, _, err := e.auth.Login(c, email, password)
	if err != nil {
		p := e.page(c, "LogIn")
		p.D = loginView{Email: email, Next: next}
		status := http.StatusUnauthorized
		switch newsroom.ErrorCode(err) {
		case newsroom.ETooMany:
			status, p.Error = http.StatusTooManyRequests, p.L.T("TooManyAttempts")
		case newsroom.EUnauthorized:
			p.Error = p.L.T("WrongEmailOrPassword")
		default:
			status, p.Error = e.describe(c, p.L, err)
		}
		e.render(c, status, "login", p)
		return
	}
	c.Redirect(http.StatusSeeOther, next)
}

func (e *Editor) logout(c *gin.Context) {
	if err := e.auth.Logout(c); err != nil {
		e.failErr(c, err)
		return
	}
	e.redirect(c, "/app/login", "EdFlashLoggedOut")
}
