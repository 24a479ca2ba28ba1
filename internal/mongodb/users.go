package mongodb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"golang.org/x/crypto/argon2"

	"github.com/kotormo/kotormo/internal/newsroom"
)

type userDoc struct {
	ID           string   `bson:"_id"`
	Email        string   `bson:"email"`
	Name         string   `bson:"name"`
	Roles        []string `bson:"roles"`
	Langs        []string `bson:"langs,omitempty"`
	UILang       string   `bson:"ui_lang,omitempty"`
	Disabled     bool     `bson:"disabled,omitempty"`
	PasswordHash string   `bson:"password_hash"`
	// SessionsAfter ends every session started before it: a password change
	// signs the user out everywhere.
	SessionsAfter time.Time `bson:"sessions_after,omitempty"`
	CreatedAt     time.Time `bson:"created_at"`
}

func (d *userDoc) toDomain() *newsroom.User {
	u := &newsroom.User{ID: d.ID, Email: d.Email, Name: d.Name, Langs: d.Langs, UILang: d.UILang, Disabled: d.Disabled, CreatedAt: d.CreatedAt}
	for _, r := range d.Roles {
		if role, err := newsroom.ParseRole(r); err == nil {
			u.Roles = append(u.Roles, role)
		}
	}
	return u
}

type sessionDoc struct {
	ID        string    `bson:"_id"` // sha256 of the secret
	UserID    string    `bson:"user_id"`
	CreatedAt time.Time `bson:"created_at"`
	ExpiresAt time.Time `bson:"expires_at"`
}

type tokenDoc struct {
	ID        string    `bson:"_id"` // sha256 of the secret
	PublicID  string    `bson:"public_id"`
	UserID    string    `bson:"user_id"`
	Name      string    `bson:"name"`
	CreatedAt time.Time `bson:"created_at"`
}

// argon2id parameters (RFC 9106 second recommendation, lowered memory for a
// small server): 3 passes over 32 MiB.
const (
	argonTime    = 3
	argonMemory  = 32 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(password string) string {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// CheckPassword reports whether password matches a hash made by HashPassword.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// dummyHash is checked against when an email is unknown, so that a login for
// a missing user takes as long as one with a wrong password.
var dummyHash = sync.OnceValue(func() string { return HashPassword("kotormo-timing-equaliser") })

func secret(prefix string) string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

func digest(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// CreateUser implements newsroom.Users.
func (s *Store) CreateUser(ctx context.Context, in newsroom.NewUser) (*newsroom.User, error) {
	if err := in.Validate(s.langs); err != nil {
		return nil, err
	}
	hash, err := s.hash(ctx, in.Password)
	if err != nil {
		return nil, err
	}
	d := userDoc{ID: newID(), Email: in.Email, Name: in.Name, Langs: in.Langs, PasswordHash: hash, CreatedAt: s.clock()}
	for _, r := range in.Roles {
		d.Roles = append(d.Roles, string(r))
	}
	if _, err := s.db.c(colUsers).InsertOne(ctx, d); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return nil, newsroom.E(newsroom.EConflict, "ErrEmailTaken", "Email", in.Email)
		}
		return nil, fmt.Errorf("insert user: %w", err)
	}
	return d.toDomain(), nil
}

// User implements newsroom.Users.
func (s *Store) User(ctx context.Context, id string) (*newsroom.User, error) {
	var d userDoc
	found, err := s.db.findByID(ctx, colUsers, id, &d)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, newsroom.E(newsroom.ENotFound, "ErrNoUser", "ID", id)
	}
	return d.toDomain(), nil
}

// ListUsers implements newsroom.Users.
func (s *Store) ListUsers(ctx context.Context) ([]*newsroom.User, error) {
	var docs []userDoc
	if err := s.findAll(ctx, colUsers, &docs); err != nil {
		return nil, err
	}
	out := make([]*newsroom.User, len(docs))
	for i := range docs {
		out[i] = docs[i].toDomain()
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Email < out[j].Email })
	return out, nil
}

// UpdateUser implements newsroom.Users.
func (s *Store) UpdateUser(ctx context.Context, id string, in newsroom.UserUpdate) (*newsroom.User, error) {
	var d userDoc
	found, err := s.db.findByID(ctx, colUsers, id, &d)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, newsroom.E(newsroom.ENotFound, "ErrNoUser", "ID", id)
	}
	next, err := newsroom.ApplyUserUpdate(*d.toDomain(), in, s.langs)
	if err != nil {
		return nil, err
	}
	endSessions := false
	if next.Disabled && !d.Disabled {
		// Disabling ends every session for good: re-enabling the
		// account does not bring them back.
		d.SessionsAfter, endSessions = s.clock(), true
	}
	d.Name, d.Langs, d.UILang, d.Disabled = next.Name, next.Langs, next.UILang, next.Disabled
	d.Roles = d.Roles[:0]
	for _, r := range next.Roles {
		d.Roles = append(d.Roles, string(r))
	}
	if in.Password != nil {
		if d.PasswordHash, err = s.hash(ctx, *in.Password); err != nil {
			return nil, err
		}
		d.SessionsAfter, endSessions = s.clock(), true
	}
	if _, err := s.db.c(colUsers).ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}}, d); err != nil {
		return nil, fmt.Errorf("update user: %w", err)
	}
	if endSessions {
		// SessionsAfter already refuses the old sessions; this frees their room.
		if _, err := s.db.c(colSessions).DeleteMany(ctx, bson.D{{Key: "user_id", Value: id}, {Key: "created_at", Value: bson.D{{Key: "$lt", Value: d.SessionsAfter}}}}); err != nil {
			return nil, fmt.Errorf("end sessions: %w", err)
		}
	}
	if in.Password != nil {
		// A new password ends the API tokens too: whoever knew the old one
		// may have made them.
		if _, err := s.db.c(colTokens).DeleteMany(ctx, bson.D{{Key: "user_id", Value: id}}); err != nil {
			return nil, fmt.Errorf("end API tokens: %w", err)
		}
	}
	return d.toDomain(), nil
}

// HasAdmin implements newsroom.Users.
func (s *Store) HasAdmin(ctx context.Context) (bool, error) {
	users, err := s.ListUsers(ctx)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(users, func(u *newsroom.User) bool { return u.IsAdmin() }), nil
}

// Authenticate implements newsroom.Users.
func (s *Store) Authenticate(ctx context.Context, email, password string) (*newsroom.User, error) {
	var d userDoc
	err := s.db.c(colUsers).FindOne(ctx, bson.D{{Key: "email", Value: newsroom.NormalizeEmail(email)}}).Decode(&d)
	if err != nil && err != mongo.ErrNoDocuments {
		return nil, fmt.Errorf("find user: %w", err)
	}
	hash := d.PasswordHash
	if hash == "" {
		hash = dummyHash()
	}
	ok, err := s.check(ctx, hash, password)
	if err != nil {
		return nil, err
	}
	if !ok || d.ID == "" || d.Disabled {
		return nil, newsroom.E(newsroom.EUnauthorized, "ErrWrongPassword")
	}
	return d.toDomain(), nil
}

// CreateSession implements newsroom.Users.
func (s *Store) CreateSession(ctx context.Context, userID string, ttl time.Duration) (string, error) {
	sec := secret("ks_")
	now := s.clock()
	if _, err := s.db.c(colSessions).InsertOne(ctx, sessionDoc{ID: digest(sec), UserID: userID, CreatedAt: now, ExpiresAt: now.Add(ttl)}); err != nil {
		return "", fmt.Errorf("insert session: %w", err)
	}
	return sec, nil
}

// SessionUser implements newsroom.Users.
func (s *Store) SessionUser(ctx context.Context, sec string) (*newsroom.User, error) {
	var d sessionDoc
	found, err := s.db.findByID(ctx, colSessions, digest(sec), &d)
	if err != nil {
		return nil, err
	}
	if !found || s.now().After(d.ExpiresAt) {
		return nil, newsroom.E(newsroom.EUnauthorized, "ErrSessionEnded")
	}
	ud, err := s.activeUser(ctx, d.UserID)
	if err != nil {
		return nil, err
	}
	if d.CreatedAt.Before(ud.SessionsAfter) {
		return nil, newsroom.E(newsroom.EUnauthorized, "ErrPasswordChanged")
	}
	return ud.toDomain(), nil
}

// activeUser loads user id, refusing a missing or disabled account.
func (s *Store) activeUser(ctx context.Context, id string) (*userDoc, error) {
	var d userDoc
	found, err := s.db.findByID(ctx, colUsers, id, &d)
	if err != nil {
		return nil, err
	}
	if !found || d.Disabled {
		return nil, newsroom.E(newsroom.EUnauthorized, "ErrAccountDisabled")
	}
	return &d, nil
}

// DeleteSession implements newsroom.Users.
func (s *Store) DeleteSession(ctx context.Context, sec string) error {
	_, err := s.db.c(colSessions).DeleteOne(ctx, bson.D{{Key: "_id", Value: digest(sec)}})
	return err
}

// CreateToken implements newsroom.Users.
func (s *Store) CreateToken(ctx context.Context, userID, name string) (string, *newsroom.APIToken, error) {
	if _, err := s.User(ctx, userID); err != nil {
		return "", nil, err
	}
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return "", nil, newsroom.E(newsroom.EInvalid, "ErrTokenName", "Max", 100)
	}
	sec := secret("kt_")
	d := tokenDoc{ID: digest(sec), PublicID: newID(), UserID: userID, Name: name, CreatedAt: s.clock()}
	if _, err := s.db.c(colTokens).InsertOne(ctx, d); err != nil {
		return "", nil, fmt.Errorf("insert token: %w", err)
	}
	return sec, &newsroom.APIToken{ID: d.PublicID, UserID: userID, Name: name, CreatedAt: d.CreatedAt}, nil
}

// TokenUser implements newsroom.Users.
func (s *Store) TokenUser(ctx context.Context, sec string) (*newsroom.User, error) {
	var d tokenDoc
	found, err := s.db.findByID(ctx, colTokens, digest(sec), &d)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, newsroom.E(newsroom.EUnauthorized, "ErrTokenRevoked")
	}
	ud, err := s.activeUser(ctx, d.UserID)
	if err != nil {
		return nil, err
	}
	return ud.toDomain(), nil
}

// ListTokens implements newsroom.Users.
func (s *Store) ListTokens(ctx context.Context) ([]*newsroom.APIToken, error) {
	var docs []tokenDoc
	if err := s.findAll(ctx, colTokens, &docs); err != nil {
		return nil, err
	}
	out := make([]*newsroom.APIToken, len(docs))
	for i, d := range docs {
		out[i] = &newsroom.APIToken{ID: d.PublicID, UserID: d.UserID, Name: d.Name, CreatedAt: d.CreatedAt}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.Before(out[j].CreatedAt) })
	return out, nil
}

// DeleteToken implements newsroom.Users.
func (s *Store) DeleteToken(ctx context.Context, id string) error {
	res, err := s.db.c(colTokens).DeleteOne(ctx, bson.D{{Key: "public_id", Value: id}})
	if err != nil {
		return fmt.Errorf("delete token: %w", err)
	}
	if res.DeletedCount == 0 {
		return newsroom.E(newsroom.ENotFound, "ErrNoToken", "ID", id)
	}
	return nil
}

// RevokeToken implements newsroom.Users.
func (s *Store) RevokeToken(ctx context.Context, sec string) error {
	if _, err := s.db.c(colTokens).DeleteOne(ctx, bson.D{{Key: "_id", Value: digest(sec)}}); err != nil {
		return fmt.Errorf("revoke token: %w", err)
	}
	return nil
}

var (
	_ newsroom.Releases = (*Store)(nil)
	_ newsroom.Users    = (*Store)(nil)
)
