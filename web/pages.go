package web

import (
	"fmt"
	"html/template"
	"io/fs"
)

// ParsePages parses, for each name in pages, the shared templates of dir
// (layout.html first) together with dir/name.html, which must define "main".
// A missing or broken page template is an error naming it.
func ParsePages(fsys fs.FS, dir string, shared, pages []string, funcs template.FuncMap) (map[string]*template.Template, error) {
	paths := make([]string, len(shared))
	for i, s := range shared {
		paths[i] = dir + "/" + s + ".html"
	}
	base, err := template.New(shared[0]+".html").Funcs(funcs).ParseFS(fsys, paths...)
	if err != nil {
		return nil, fmt.Errorf("parsing templates: %w", err)
	}
	out := make(map[string]*template.Template, len(pages))
	for _, name := range pages {
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		page, err := clone.ParseFS(fsys, dir+"/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parsing page template %s: %w", name, err)
		}
		if page.Lookup("main") == nil {
			return nil, fmt.Errorf("page template %s.html does not define \"main\"", name)
		}
		out[name] = page
	}
	return out, nil
}
