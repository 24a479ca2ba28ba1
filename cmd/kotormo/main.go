// Command kotormo runs the Kotormo translation-workflow server.
//
//	kotormo [serve] [flags]        run the server (the default)
//	kotormo user add [flags]       create a user; the password is read from standard input
//	kotormo --help                 print this help
//
// Without --mongodb-uri (MONGODB_URI) the server starts an embedded
// MongoDB-compatible database (FerretDB on SQLite) in the data folder.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // --timezone works on machines without a zone database

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/demo"
	"github.com/kotormo/kotormo/internal/embeddb"
	"github.com/kotormo/kotormo/internal/i18n"
	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/server"
	"github.com/kotormo/kotormo/locales"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr, nil); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "kotormo:", err)
		}
		os.Exit(2)
	}
}

const usage = `Kotormo — translation workflow for multilingual newsrooms.

Usage:
  kotormo [serve] [flags]     run the server (default command)
  kotormo user add [flags]    create a user; reads the password (one line) from standard input
  kotormo backup --out FILE   write a backup archive, also while a server runs (--data, --mongodb-uri, --db as for serve)
  kotormo restore --in FILE   load a backup into an empty database (--force replaces a non-empty one)
  kotormo --help              show this help

Serve flags (environment variable in brackets):
  --addr ADDR           listen address [KOTORMO_ADDR] (default ":8080")
  --data DIR            data folder for the embedded database [KOTORMO_DATA] (default "./data")
  --mongodb-uri URI     use this MongoDB instead of the embedded one [MONGODB_URI]
  --db NAME             database name [KOTORMO_DB] (default "kotormo")
  --langs LIST          content languages, the first is the default [KOTORMO_LANGS] (default "en,ru,ky")
  --base-url URL        public origin for canonical links, feeds, sitemap [KOTORMO_BASE_URL]
                        (default "http://localhost" plus the port)
  --secure-cookies      set the Secure flag on cookies (behind HTTPS) [KOTORMO_SECURE_COOKIES=1]
  --demo                on an empty database, load sample releases in every workflow state and
                        one user per role [KOTORMO_DEMO=1]
  --reader-cache-mb N   memory for reader pages of older releases, rendered on demand [KOTORMO_READER_CACHE_MB] (default 64)
  --reader-hot N        newest releases whose reader pages stay rendered [KOTORMO_READER_HOT] (default 200)
  --timezone ZONE       site time zone, an IANA name: embargoes are typed and times shown in it
                        [KOTORMO_TIMEZONE] (default "Asia/Bishkek")

User add flags (works before the server has ever run):
  --data, --mongodb-uri, --db as above
  --email EMAIL --name NAME
  --roles LIST          admin, editor, translator, reviewer (comma-separated)
  --langs LIST          languages the user translates or reviews, e.g. ru,ky
  --content-langs LIST  the content languages, as --langs of serve [KOTORMO_LANGS]

Example:
  echo 'a long secret password' | kotormo user add --email admin@example.org --name Admin --roles admin,editor
`

// common are the flags every command shares.
type common struct {
	data, mongoURI, dbName, langs string
}

func (c *common) register(fs *flag.FlagSet, env func(string) string, langsFlag string) {
	fs.StringVar(&c.data, "data", envOr(env, "KOTORMO_DATA", "./data"), "data folder")
	fs.StringVar(&c.mongoURI, "mongodb-uri", env("MONGODB_URI"), "MongoDB URI")
	fs.StringVar(&c.dbName, "db", envOr(env, "KOTORMO_DB", "kotormo"), "database name")
	fs.StringVar(&c.langs, langsFlag, envOr(env, "KOTORMO_LANGS", "en,ru,ky"), "content languages")
}

func envOr(env func(string) string, key, def string) string {
	if v := env(key); v != "" {
		return v
	}
	return def
}

// run is main with its dependencies passed in, so tests run the whole
// program. ready, when not nil, receives the listening address.
func run(ctx context.Context, args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer, ready chan<- string) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help" || args[0] == "-help") {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, env, stdout, stderr, ready)
	case "user":
		if len(args) == 0 || args[0] != "add" {
			return fmt.Errorf("unknown command %q; see kotormo --help", strings.Join(append([]string{"user"}, args...), " "))
		}
		return userAdd(ctx, args[1:], env, stdin, stdout, stderr)
	case "backup":
		return backupCmd(ctx, args, env, stdout, stderr)
	case "restore":
		return restoreCmd(ctx, args, env, stdout, stderr)
	}
	return fmt.Errorf("unknown command %q; see kotormo --help", cmd)
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	return fs
}

// database is an open store and what must be closed after it.
type database struct {
	db    *mongodb.DB
	store *mongodb.Store
	close func()
}

// openDatabase connects to MongoDB, starting the embedded server when no
// URI is given. When a live process already owns the data folder, shared
// commands (user add) use its database through its socket; the server
// refuses to start a second time on the same folder.
func openDatabase(ctx context.Context, c common, log *slog.Logger, shared bool) (*database, error) {
	langs, err := newsroom.ParseLanguages(c.langs)
	if err != nil {
		return nil, fmt.Errorf("--langs: %s", sentence(err))
	}
	uri := c.mongoURI
	var embedded *embeddb.Server
	if uri == "" {
		var inUse *embeddb.InUseError
		embedded, err = embeddb.Start(c.data, log)
		switch {
		case errors.As(err, &inUse) && shared && inUse.URI() != "":
			uri = inUse.URI()
			log.Info("database: the running server's, through its socket", "pid", inUse.PID, "socket", inUse.Socket)
		case errors.As(err, &inUse) && !shared:
			return nil, fmt.Errorf("%w; another kotormo serves this data folder: stop it first, or give this one another --data", err)
		case err != nil:
			return nil, err
		default:
			uri = embedded.URI()
			log.Info("database: embedded FerretDB (SQLite)", "folder", c.data, "socket", uri)
		}
	} else {
		log.Info("database: MongoDB", "uri", redact(uri))
	}
	db, err := mongodb.Connect(ctx, uri, c.dbName, log)
	if err != nil {
		if embedded != nil {
			embedded.Close()
		}
		return nil, err
	}
	if embedded != nil {
		if err := embedded.IndexIDLookups(ctx, c.dbName); err != nil {
			_ = db.Close(context.Background())
			embedded.Close()
			return nil, err
		}
	}
	store := mongodb.NewStore(db, mongodb.Options{Langs: langs, Pause: testPause(log)})
	return &database{db: db, store: store, close: func() {
		_ = db.Close(context.Background())
		if embedded != nil {
			embedded.Close()
		}
	}}, nil
}

// redact hides the password in a MongoDB URI for logging.
func redact(uri string) string {
	at := strings.LastIndex(uri, "@")
	scheme := strings.Index(uri, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return uri
	}
	creds := uri[scheme+3 : at]
	if user, _, ok := strings.Cut(creds, ":"); ok {
		return uri[:scheme+3] + user + ":***" + uri[at:]
	}
	return uri
}

func serve(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer, ready chan<- string) error {
	fs := newFlagSet("serve", stderr)
	var c common
	c.register(fs, env, "langs")
	addr := fs.String("addr", envOr(env, "KOTORMO_ADDR", ":8080"), "listen address")
	baseURL := fs.String("base-url", env("KOTORMO_BASE_URL"), "public origin")
	secure := fs.Bool("secure-cookies", env("KOTORMO_SECURE_COOKIES") == "1", "Secure cookies")
	withDemo := fs.Bool("demo", env("KOTORMO_DEMO") == "1", "load demo data")
	cacheMB := fs.Int("reader-cache-mb", envInt(env, "KOTORMO_READER_CACHE_MB", 64), "reader page cache (MB)")
	hot := fs.Int("reader-hot", envInt(env, "KOTORMO_READER_HOT", 200), "newest releases kept rendered")
	timezone := fs.String("timezone", envOr(env, "KOTORMO_TIMEZONE", "Asia/Bishkek"), "site time zone (IANA name): embargoes are typed and times shown in it")
	if err := fs.Parse(args); err != nil {
		return err
	}
	tz, err := time.LoadLocation(*timezone)
	if err != nil || *timezone == "" || *timezone == "Local" {
		return fmt.Errorf("--timezone %q is not an IANA time zone name such as Asia/Bishkek or UTC", *timezone)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q; see kotormo --help", fs.Arg(0))
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	gin.SetMode(gin.ReleaseMode)

	d, err := openDatabase(ctx, c, log, false)
	if err != nil {
		return err
	}
	defer d.close()

	if *withDemo {
		logins, err := demo.Load(ctx, d.store)
		switch {
		case errors.Is(err, demo.ErrNotEmpty):
			log.Info("demo: the database already holds releases; nothing loaded")
		case err != nil:
			return fmt.Errorf("demo: %w", err)
		default:
			fmt.Fprintln(stdout, "Demo data loaded. Log in at /app/login as:")
			for _, l := range logins {
				fmt.Fprintf(stdout, "  %-10s %-28s password: %s\n", l.Role, l.Email, l.Password)
			}
		}
	}
	if err := d.store.LoadMemory(ctx); err != nil {
		return err
	}
	if ok, err := d.store.HasAdmin(ctx); err != nil {
		return err
	} else if !ok {
		log.Warn("no admin user yet; create one with: echo 'a long password' | kotormo user add --data " + c.data + " --email you@example.org --name 'Your Name' --roles admin,editor")
	}

	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if *baseURL == "" {
		_, port, _ := net.SplitHostPort(l.Addr().String())
		*baseURL = "http://localhost:" + port
	}
	srv, err := server.New(ctx, server.Config{
		Langs: d.store.Langs(), Store: d.store, Ping: d.db.Ready, BaseURL: strings.TrimRight(*baseURL, "/"),
		SecureCookies: *secure, Logger: log, ReaderCacheBytes: int64(*cacheMB) << 20, ReaderHot: *hot, Location: tz,
	})
	if err != nil {
		l.Close()
		return err
	}
	log.Info("serving", "addr", l.Addr().String(), "base_url", *baseURL, "langs", d.store.Langs().String())
	go d.store.RunSweeper(ctx, 10*time.Minute, log) // expired sessions, old log entries
	go func() {
		if err := d.store.WarmListing(ctx); err != nil && ctx.Err() == nil {
			log.Warn("loading the release listing", "err", err)
		}
	}()
	if ready != nil {
		ready <- l.Addr().String()
	}
	err = srv.Serve(ctx, l, 20*time.Second)
	log.Info("stopped; closing the database")
	return err
}

func userAdd(ctx context.Context, args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("user add", stderr)
	var c common
	c.register(fs, env, "content-langs")
	email := fs.String("email", "", "email")
	name := fs.String("name", "", "name")
	roles := fs.String("roles", "", "roles")
	// Here --langs names the user's languages; the content languages come
	// from --content-langs or KOTORMO_LANGS.
	var userLangs string
	fs.StringVar(&userLangs, "langs", "", "languages the user translates or reviews")
	if err := fs.Parse(args); err != nil {
		return err
	}
	password, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && password != "") {
		return errors.New("reading the password from standard input: none given")
	}
	password = strings.TrimRight(password, "\r\n")
	rs, err := newsroom.ParseRoles(*roles)
	if err != nil {
		return errors.New(sentence(err))
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	d, err := openDatabase(ctx, c, log, true)
	if err != nil {
		return err
	}
	defer d.close()
	ls, err := d.store.Langs().ParseLangList(userLangs)
	if err != nil {
		return errors.New(sentence(err))
	}
	u, err := d.store.CreateUser(ctx, newsroom.NewUser{Email: *email, Name: *name, Password: password, Roles: rs, Langs: ls})
	if err != nil {
		return errors.New(sentence(err))
	}
	fmt.Fprintf(stdout, "created user %s <%s> (%s)\n", u.Name, u.Email, *roles)
	return nil
}

// testPause returns the write-protocol hook of the crash tests: with
// KOTORMO_TEST_PAUSE_AT set to a step ("claimed save", "applied publish",
// "claimed update"), a write that reaches that step says so on the log and
// never goes on, so that the test can kill the process exactly there. It is
// nil (no hook) otherwise.
func testPause(log *slog.Logger) func(string) {
	at := os.Getenv("KOTORMO_TEST_PAUSE_AT")
	if at == "" {
		return nil
	}
	return func(step string) {
		if step == at {
			log.Warn("test pause", "step", step)
			select {}
		}
	}
}

// sentence is err's message in English, for the command line.
func sentence(err error) string {
	c, cerr := i18n.New(locales.FS, []string{"en"})
	if cerr != nil || newsroom.ErrorCode(err) == newsroom.EInternal {
		return err.Error()
	}
	return c.Localizer("en").Error(err)
}

// envInt is envOr for a whole number; a malformed value gives def.
func envInt(env func(string) string, key string, def int) int {
	if n, err := strconv.Atoi(env(key)); err == nil && n > 0 {
		return n
	}
	return def
}
