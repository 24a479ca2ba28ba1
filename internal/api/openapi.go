package api

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// openAPIDoc is the hand-written OpenAPI 3.0 description of this API; a test
// checks that it lists exactly the routes Register mounts.
//
//go:embed openapi.json
var openAPIDoc string

// openAPI handles GET /openapi.json.
func (a *API) openAPI(c *gin.Context) {
	c.Data(http.StatusOK, "application/json; charset=utf-8", []byte(openAPIDoc))
}
