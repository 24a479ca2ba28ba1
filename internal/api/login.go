package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
)

type loginRequest struct {
	Email    *string `json:"email"`
	Password *string `json:"password"`
}

// login handles POST /login: it starts a session, sets its cookie and
// returns the session secret.
func (a *API) login(c *gin.Context) {
	var req loginRequest
	if err := decode(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	if err := required("email", req.Email, "password", req.Password); err != nil {
		a.fail(c, err)
		return
	}
	token, u, err := a.auth.Login(c, *req.Email, *req.Password)
	if err != nil {
		a.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"token": token, "user": userView(u)})
}

// logout handles POST /logout: it ends the credential presented, the
// bearer token or the session cookie.
func (a *API) logout(c *gin.Context) {
	if err := a.auth.Logout(c); err != nil {
		a.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// me handles GET /me.
func (a *API) me(c *gin.Context) {
	c.JSON(http.StatusOK, userView(auth.User(c)))
}

type updateMeRequest struct {
	Name   *string `json:"name"`
	UILang *string `json:"ui_lang"`
	// Password, the new one, needs CurrentPassword.
	Password        *string `json:"password"`
	CurrentPassword *string `json:"current_password"`
}

// updateMe handles PATCH /me: people change their own name, interface
// language and password (proving they know the current one).
func (a *API) updateMe(c *gin.Context) {
	var req updateMeRequest
	if err := decode(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	me := auth.User(c)
	if req.Password != nil {
		if req.CurrentPassword == nil {
			a.fail(c, newsroom.E(newsroom.EInvalid, "ErrCurrentPasswordNeeded"))
			return
		}
		if err := a.auth.CheckPassword(c, me, *req.CurrentPassword); err != nil {
			if newsroom.ErrorCode(err) == newsroom.EUnauthorized {
				err = newsroom.E(newsroom.EForbidden, "ErrCurrentPasswordWrong")
			}
			a.fail(c, err)
			return
		}
	}
	u, err := a.users.UpdateUser(ctx, me.ID, newsroom.UserUpdate{Name: req.Name, UILang: req.UILang, Password: req.Password})
	if err != nil {
		a.fail(c, err)
		return
	}
	out := meJSON{userJSON: userView(u)}
	if req.Password != nil {
		// A new password ends every session, this one too; the caller
		// carries on in a new one (cookie and token).
		if out.Token, err = a.auth.StartSession(c, u); err != nil {
			a.fail(c, err)
			return
		}
	}
	c.JSON(http.StatusOK, out)
}

// meJSON is the user after PATCH /me, with the new session's secret when
// the password changed.
type meJSON struct {
	userJSON
	Token string `json:"token,omitempty"`
}
