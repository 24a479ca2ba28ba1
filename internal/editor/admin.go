package editor

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// userForm is the user form as typed (never the password).
type userForm struct {
	Email    string
	Name     string
	Roles    []newsroom.Role
	Langs    []string
	Disabled bool
}

// HasRole and HasLang tell the template which boxes to tick.
func (f userForm) HasRole(r newsroom.Role) bool { return slices.Contains(f.Roles, r) }

// HasLang reports whether the form has language l ticked.
func (f userForm) HasLang(l string) bool { return slices.Contains(f.Langs, l) }

type usersView struct {
	Users []*newsroom.User
	Form  userForm
	Roles []newsroom.Role
	Langs []string
}

type userView struct {
	Target *newsroom.User
	Form   userForm
	Roles  []newsroom.Role
	Langs  []string
	Self   bool
}

// readUserForm reads the user form. Unknown roles and languages are kept
// as they are sent, for the domain to refuse with a message (ParseRole,
// newsroom.ApplyUserUpdate); the only answer here is a role that does not parse.
func (e *Editor) readUserForm(c *gin.Context) (userForm, error) {
	f := userForm{Email: strings.TrimSpace(c.PostForm("email")), Name: strings.TrimSpace(c.PostForm("name")), Disabled: c.PostForm("disabled") == "on"}
	var bad error
	for _, s := range c.PostFormArray("role") {
		r, err := newsroom.ParseRole(s)
		if err != nil {
			bad = err
			continue
		}
		if !slices.Contains(f.Roles, r) {
			f.Roles = append(f.Roles, r)
		}
	}
	for _, l := range c.PostFormArray("lang") {
		if !slices.Contains(f.Langs, l) {
			f.Langs = append(f.Langs, l)
		}
	}
	return f, bad
}

func (e *Editor) usersPage(c *gin.Context) {
	p := e.page(c, "Users")
	p.Nav = "users"
	e.takeFlash(c, p)
	e.renderUsers(c, http.StatusOK, p, userForm{})
}

func (e *Editor) renderUsers(c *gin.Context, status int, p *page, f userForm) {
	users, err := e.users.ListUsers(c.Request.Context())
	if err != nil {
		e.failErr(c, err)
		return
	}
	p.D = usersView{Users: users, Form: f, Roles: newsroom.Roles, Langs: e.langs.Codes()}
	e.render(c, status, "users", p)
}

func (e *Editor) createUser(c *gin.Context) {
	p := e.page(c, "Users")
	p.Nav = "users"
	f, bad := e.readUserForm(c)
	if bad != nil {
		_, p.Error = e.describe(c, p.L, bad)
		e.renderUsers(c, http.StatusBadRequest, p, f)
		return
	}
	_, err := e.users.CreateUser(c.Request.Context(), newsroom.NewUser{
		Email: f.Email, Name: f.Name, Password: c.PostForm("password"), Roles: f.Roles, Langs: f.Langs,
	})
	if err != nil {
		status, msg := e.describe(c, p.L, err)
		if status >= 500 {
			e.failErr(c, err)
			return
		}
		p.Error = msg
		e.renderUsers(c, status, p, f)
		return
	}
	e.redirect(c, "/app/admin/users", "EdFlashUserCreated")
}

func (e *Editor) userPage(c *gin.Context) {
	target, err := e.users.User(c.Request.Context(), c.Param("uid"))
	if err != nil {
		e.failErr(c, err)
		return
	}
	p := e.page(c, "")
	p.Nav = "users"
	e.takeFlash(c, p)
	f := userForm{Email: target.Email, Name: target.Name, Roles: target.Roles, Langs: target.Langs, Disabled: target.Disabled}
	e.renderUser(c, http.StatusOK, p, target, f)
}

func (e *Editor) renderUser(c *gin.Context, status int, p *page, target *newsroom.User, f userForm) {
	p.Title = target.Name
	p.D = userView{Target: target, Form: f, Roles: newsroom.Roles, Langs: e.langs.Codes(), Self: target.ID == p.User.ID}
	e.render(c, status, "user", p)
}

func (e *Editor) updateUser(c *gin.Context) {
	ctx := c.Request.Context()
	target, err := e.users.User(ctx, c.Param("uid"))
	if err != nil {
		e.failErr(c, err)
		return
	}
	p := e.page(c, "")
	p.Nav = "users"
	f, bad := e.readUserForm(c)
	f.Email = target.Email
	in := newsroom.UserUpdate{Name: &f.Name, Roles: f.Roles, Langs: f.Langs, Disabled: &f.Disabled}
	if f.Roles == nil {
		in.Roles = []newsroom.Role{}
	}
	if f.Langs == nil {
		in.Langs = []string{}
	}
	if pw := c.PostForm("password"); pw != "" {
		in.Password = &pw
	}
	if bad == nil {
		bad = newsroom.CanUpdateUser(auth.User(c), target, in)
	}
	if bad != nil {
		status, msg := e.describe(c, p.L, bad)
		p.Error = msg
		e.renderUser(c, status, p, target, f)
		return
	}
	if _, err := e.users.UpdateUser(ctx, target.ID, in); err != nil {
		status, msg := e.describe(c, p.L, err)
		if status >= 500 {
			e.failErr(c, err)
			return
		}
		p.Error = msg
		e.renderUser(c, status, p, target, f)
		return
	}
	e.redirect(c, "/app/admin/users/"+target.ID, "EdFlashUserUpdated")
}

type tokenRow struct {
	Token *newsroom.APIToken
	User  string
}

type tokensView struct {
	Tokens []tokenRow
	Users  []*newsroom.User
	// Secret is the new token's secret, shown once right after creation.
	Secret    string
	SecretFor string
	Name      string
	UserID    string
}

func (e *Editor) tokensPage(c *gin.Context) {
	p := e.page(c, "APITokens")
	p.Nav = "tokens"
	e.takeFlash(c, p)
	e.renderTokens(c, http.StatusOK, p, &tokensView{})
}

func (e *Editor) renderTokens(c *gin.Context, status int, p *page, v *tokensView) {
	ctx := c.Request.Context()
	toks, err := e.users.ListTokens(ctx)
	if err != nil {
		e.failErr(c, err)
		return
	}
	users, err := e.users.ListUsers(ctx)
	if err != nil {
		e.failErr(c, err)
		return
	}
	names := map[string]string{}
	for _, u := range users {
		names[u.ID] = u.Name + " <" + u.Email + ">"
	}
	v.Users = users
	v.Tokens = v.Tokens[:0]
	for _, t := range toks {
		v.Tokens = append(v.Tokens, tokenRow{Token: t, User: names[t.UserID]})
	}
	p.D = v
	e.render(c, status, "tokens", p)
}

// createToken shows the new token's secret on the page it answers with,
// instead of redirecting: the secret is stored nowhere and cannot be shown
// again. The page is not cached (Cache-Control: no-store).
func (e *Editor) createToken(c *gin.Context) {
	p := e.page(c, "APITokens")
	p.Nav = "tokens"
	v := &tokensView{Name: c.PostForm("name"), UserID: c.PostForm("user")}
	if strings.TrimSpace(v.Name) == "" {
		p.Error = p.L.T("EdTokenNameRequired")
		e.renderTokens(c, http.StatusBadRequest, p, v)
		return
	}
	sec, tok, err := e.users.CreateToken(c.Request.Context(), v.UserID, v.Name)
	if err != nil {
		status, msg := e.describe(c, p.L, err)
		if status >= 500 {
			e.failErr(c, err)
			return
		}
		if status == http.StatusNotFound {
			status, msg = http.StatusBadRequest, p.L.T("EdUnknownUser")
		}
		p.Error = msg
		e.renderTokens(c, status, p, v)
		return
	}
	e.renderTokens(c, http.StatusCreated, p, &tokensView{Secret: sec, SecretFor: tok.Name})
}

func (e *Editor) revokeToken(c *gin.Context) {
	if err := e.users.DeleteToken(c.Request.Context(), c.Param("tid")); err != nil {
		e.failErr(c, err)
		return
	}
	e.redirect(c, "/app/admin/tokens", "EdFlashTokenRevoked")
}
