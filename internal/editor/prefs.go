package editor

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
)

type prefsView struct {
	UILangs []string
	Current string // "" for negotiated
}

func (e *Editor) prefsPage(c *gin.Context) {
	p := e.page(c, "EdPrefsTitle")
	p.Nav = "prefs"
	e.takeFlash(c, p)
	p.D = prefsView{UILangs: e.uiLangs, Current: auth.User(c).UILang}
	e.render(c, http.StatusOK, "prefs", p)
}

func (e *Editor) savePrefs(c *gin.Context) {
	u := auth.User(c)
	l := c.PostForm("ui_lang")
	if l != "" && !e.neg.Supported(l) {
		p := e.page(c, "EdPrefsTitle")
		p.Nav = "prefs"
		p.Error = p.L.T("EdBadLanguage")
		p.D = prefsView{UILangs: e.uiLangs, Current: u.UILang}
		e.render(c, http.StatusBadRequest, "prefs", p)
		return
	}
	if _, err := e.users.UpdateUser(c.Request.Context(), u.ID, newsroomUILang(l)); err != nil {
		e.failErr(c, err)
		return
	}
	e.redirect(c, "/app/prefs", "EdFlashPrefsSaved")
}

func newsroomUILang(l string) newsroom.UserUpdate { return newsroom.UserUpdate{UILang: &l} }
