package embeddb

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
)

// LockFile is the name of the lock file in the data folder. The process
// that holds an exclusive flock on it owns the folder and its embedded
// database; the file says which process that is and where its socket is.
// The kernel drops the flock when the process dies, however it dies, so a
// stale file is never mistaken for a live owner.
const LockFile = "kotormo.lock"

// maxSocketPath is the longest socket path used: sun_path holds 108 bytes
// on Linux (104 on the BSDs and macOS), including the final NUL.
const maxSocketPath = 100

// owner is the lock file's content.
type owner struct {
	PID    int    `json:"pid"`
	Socket string `json:"socket"`
}

// InUseError says that another live process owns the data folder.
type InUseError struct {
	Dir string
	// PID is the owning process; Socket is its database's socket, empty
	// while it is still starting.
	PID    int
	Socket string
}

// Error implements error.
func (e *InUseError) Error() string {
	if e.Socket == "" {
		return fmt.Sprintf("the data folder %s is in use by another process that has not opened its database yet; try again in a moment", e.Dir)
	}
	return fmt.Sprintf("the data folder %s is in use by process %d (database socket %s)", e.Dir, e.PID, e.Socket)
}

// URI is the connection string of the owner's database, or "" while it starts.
func (e *InUseError) URI() string {
	if e.Socket == "" {
		return ""
	}
	return socketURI(e.Socket)
}

// socketURI is the driver's connection string for a Unix socket: the path
// percent-encoded in the host part.
func socketURI(sock string) string { return "mongodb://" + url.PathEscape(sock) + "/" }

// lock takes the data folder's lock, or returns *InUseError naming the
// live owner.
func lock(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, LockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("embeddb: open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("embeddb: lock %s: %w", filepath.Join(dir, LockFile), err)
		}
		return nil, readOwner(dir)
	}
	return f, nil
}

// readOwner describes the live owner of dir from its lock file.
func readOwner(dir string) error {
	e := &InUseError{Dir: dir}
	b, err := os.ReadFile(filepath.Join(dir, LockFile))
	if err == nil {
		var o owner
		if json.Unmarshal(b, &o) == nil {
			e.PID, e.Socket = o.PID, o.Socket
		}
	}
	return e
}

// Owner returns the live owner of the data folder dir as an *InUseError, or
// nil when no process owns it.
func Owner(dir string) error {
	f, err := lock(dir)
	if err != nil {
		return err
	}
	f.Close() // closing the only descriptor drops the flock
	return nil
}

// writeOwner records this process and its socket in the held lock file.
func writeOwner(f *os.File, sock string) error {
	b, _ := json.Marshal(owner{PID: os.Getpid(), Socket: sock})
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.WriteAt(append(b, '\n'), 0)
	return err
}

// socketPath returns where the socket of the data folder dir goes: inside
// dir/run when that path is short enough, else in a new private folder
// (mode 0700) under the runtime or temporary directory. private is the
// folder to remove on close, if one was made.
func socketPath(dir string) (sock, private string, err error) {
	sockDir := filepath.Join(dir, "run")
	if err := os.MkdirAll(sockDir, 0o700); err != nil {
		return "", "", fmt.Errorf("embeddb: create socket folder: %w", err)
	}
	_ = os.Chmod(sockDir, 0o700)
	if sock = filepath.Join(sockDir, "mongodb.sock"); len(sock) <= maxSocketPath {
		return sock, "", nil
	}
	for _, base := range []string{os.Getenv("XDG_RUNTIME_DIR"), os.TempDir(), "/tmp"} {
		if base == "" || !filepath.IsAbs(base) || len(base)+len("/kotormo-0123456789/mongodb.sock") > maxSocketPath {
			continue
		}
		p, err := os.MkdirTemp(base, "kotormo-")
		if err != nil {
			continue
		}
		if err := os.Chmod(p, 0o700); err != nil {
			_ = os.Remove(p)
			continue
		}
		return filepath.Join(p, "mongodb.sock"), p, nil
	}
	return "", "", fmt.Errorf("embeddb: the socket path %s is longer than the system allows, and no short private folder could be made; use a shorter --data path", sock)
}
