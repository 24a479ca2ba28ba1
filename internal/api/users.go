package api

import (
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// userJSON is a user as the API shows it (never with a password).
type userJSON struct {
	ID        string          `json:"id"`
	Email     string          `json:"email"`
	Name      string          `json:"name"`
	Roles     []newsroom.Role `json:"roles"`
	Langs     []string        `json:"langs"`
	UILang    string          `json:"ui_lang"`
	Disabled  bool            `json:"disabled"`
	CreatedAt *time.Time      `json:"created_at"`
}

func userView(u *newsroom.User) userJSON {
	j := userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Roles: u.Roles, Langs: u.Langs, UILang: u.UILang, Disabled: u.Disabled, CreatedAt: utc(u.CreatedAt)}
	if j.Roles == nil {
		j.Roles = []newsroom.Role{}
	}
	if j.Langs == nil {
		j.Langs = []string{}
	}
	return j
}

// listUsers handles GET /users.
func (a *API) listUsers(c *gin.Context) {
	users, err := a.users.ListUsers(c.Request.Context())
	if err != nil {
		a.fail(c, err)
		return
	}
	out := make([]userJSON, 0, len(users))
	for _, u := range users {
		out = append(out, userView(u))
	}
	c.JSON(http.StatusOK, gin.H{"users": out})
}

type createUserRequest struct {
	Email    *string  `json:"email"`
	Name     *string  `json:"name"`
	Password *string  `json:"password"`
	Roles    []string `json:"roles"`
	Langs    []string `json:"langs"`
}

// createUser handles POST /users.
func (a *API) createUser(c *gin.Context) {
	var req createUserRequest
	if err := decode(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	if err := required("email", req.Email, "name", req.Name, "password", req.Password); err != nil {
		a.fail(c, err)
		return
	}
	roles, err := parseRoles(req.Roles)
	if err != nil {
		a.fail(c, err)
		return
	}
	u, err := a.users.CreateUser(c.Request.Context(), newsroom.NewUser{
		Email: *req.Email, Name: *req.Name, Password: *req.Password, Roles: roles, Langs: dedupe(req.Langs),
	})
	if err != nil {
		a.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, userView(u))
}

type updateUserRequest struct {
	Name     *string  `json:"name"`
	Roles    []string `json:"roles"`
	Langs    []string `json:"langs"`
	Disabled *bool    `json:"disabled"`
	Password *string  `json:"password"`
	UILang   *string  `json:"ui_lang"`
}

// updateUser handles PATCH /users/{id}.
func (a *API) updateUser(c *gin.Context) {
	var req updateUserRequest
	if err := decode(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	cur, err := a.users.User(ctx, c.Param("id"))
	if err != nil {
		a.fail(c, err)
		return
	}
	in, err := a.parseUserUpdate(auth.User(c), cur, &req)
	if err != nil {
		a.fail(c, err)
		return
	}
	u, err := a.users.UpdateUser(ctx, cur.ID, in)
	if err != nil {
		a.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, userView(u))
}

// parseUserUpdate reads an admin's change to user cur; the domain decides
// whether it is allowed (newsroom.CanUpdateUser) and whether the result
// makes sense (newsroom.ApplyUserUpdate, in the store).
func (a *API) parseUserUpdate(actor, cur *newsroom.User, req *updateUserRequest) (newsroom.UserUpdate, error) {
	in := newsroom.UserUpdate{Name: req.Name, Disabled: req.Disabled, Password: req.Password, UILang: req.UILang}
	if req.Roles != nil {
		r, err := parseRoles(req.Roles)
		if err != nil {
			return in, err
		}
		in.Roles = r
	}
	if req.Langs != nil {
		in.Langs = dedupe(req.Langs)
	}
	return in, newsroom.CanUpdateUser(actor, cur, in)
}

// parseRoles parses a role list; the domain says whether it may be empty.
func parseRoles(names []string) ([]newsroom.Role, error) {
	out := []newsroom.Role{}
	for _, n := range names {
		r, err := newsroom.ParseRole(n)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out, nil
}

func dedupe(s []string) []string {
	out := make([]string, 0, len(s))
	for _, v := range s {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// tokenJSON describes an API token; Token, the secret, is only in the answer
// that creates it.
type tokenJSON struct {
	ID        string     `json:"id"`
	UserID    string     `json:"user_id"`
	Name      string     `json:"name"`
	CreatedAt *time.Time `json:"created_at"`
	LastUsed  *time.Time `json:"last_used"`
	Token     string     `json:"token,omitzero"`
}

func tokenView(t *newsroom.APIToken) tokenJSON {
	return tokenJSON{ID: t.ID, UserID: t.UserID, Name: t.Name, CreatedAt: utc(t.CreatedAt), LastUsed: utc(t.LastUsed)}
}

// listTokens handles GET /tokens.
func (a *API) listTokens(c *gin.Context) {
	toks, err := a.users.ListTokens(c.Request.Context())
	if err != nil {
		a.fail(c, err)
		return
	}
	out := make([]tokenJSON, 0, len(toks))
	for _, t := range toks {
		out = append(out, tokenView(t))
	}
	c.JSON(http.StatusOK, gin.H{"tokens": out})
}

type createTokenRequest struct {
	Name   *string `json:"name"`
	UserID string  `json:"user_id"`
}

// createToken handles POST /tokens: a token for user_id, or for the admin
// asking when absent.
func (a *API) createToken(c *gin.Context) {
	var req createTokenRequest
	if err := decode(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	if err := required("name", req.Name); err != nil {
		a.fail(c, err)
		return
	}
	if req.UserID == "" {
		req.UserID = auth.User(c).ID
	}
	secret, t, err := a.users.CreateToken(c.Request.Context(), req.UserID, *req.Name)
	if err != nil {
		a.fail(c, err)
		return
	}
	out := tokenView(t)
	out.Token = secret
	c.JSON(http.StatusCreated, out)
}

// deleteToken handles DELETE /tokens/{id}.
func (a *API) deleteToken(c *gin.Context) {
	if err := a.users.DeleteToken(c.Request.Context(), c.Param("id")); err != nil {
		a.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
