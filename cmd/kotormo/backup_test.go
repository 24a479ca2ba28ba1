package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

func TestBackupOfARunningServerRestoresIntoAFreshFolder(t *testing.T) {
	data := t.TempDir()
	start(t, "--data", data, "--demo")
	archive := filepath.Join(t.TempDir(), "kotormo.tar.gz")
	var out bytes.Buffer
	// The server holds the embedded database: the backup goes through it.
	if err := run(context.Background(), []string{"backup", "--data", data, "--out", archive}, noEnv, nil, &out, io.Discard, nil); err != nil {
		t.Fatalf("backup: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "releases") || !strings.Contains(out.String(), "users") {
		t.Fatalf("backup summary: %s", out.String())
	}
	fresh := t.TempDir()
	out.Reset()
	if err := run(context.Background(), []string{"restore", "--data", fresh, "--in", archive}, noEnv, nil, &out, io.Discard, nil); err != nil {
		t.Fatalf("restore: %v\n%s", err, out.String())
	}
	err := run(context.Background(), []string{"restore", "--data", fresh, "--in", archive}, noEnv, nil, &out, io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("a second restore into the same database: %v", err)
	}
	base, _, _ := start(t, "--data", fresh)
	if status, _ := request(t, "GET", base+"/en/releases/solar-water-naryn", "", nil); status != 200 {
		t.Fatalf("the restored demo release: %d", status)
	}
	tok := login(t, base, "editor@kotormo.local", "demo-editor-password")
	if status, body := request(t, "GET", base+"/api/v1/releases/solar-water-naryn", tok, nil); status != 200 {
		t.Fatalf("the restored release through the API: %d %s", status, body)
	}
}
