package hub

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Role is what a dashboard account may do (§14).
type Role string

// The roles, each allowed what the one before it is and more.
const (
	RoleViewer   Role = "viewer"   // reads the dashboard
	RoleOperator Role = "operator" // and writes notices and rosters
	RoleAdmin    Role = "admin"    // and manages terminals and accounts, reads the audit log
)

// ParseRole checks a role's name.
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RoleViewer, RoleOperator, RoleAdmin:
		return r, nil
	}
	return "", fmt.Errorf("unknown role %q: want viewer, operator or admin", s)
}

// rank orders the roles for Allows.
func (r Role) rank() int {
	switch r {
	case RoleViewer:
		return 1
	case RoleOperator:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// Allows reports whether an account of role r may do what needs role need.
func (r Role) Allows(need Role) bool { return r.rank() > 0 && r.rank() >= need.rank() }

// User is a dashboard account.
type User struct {
	Name         string
	Role         Role
	PasswordHash []byte // bcrypt
	CreatedAt    time.Time
}

// Session is a signed-in browser. The session id itself is only ever in the
// browser's cookie; the hub keeps its SHA-256.
type Session struct {
	IDHash    []byte
	User      string
	Role      Role // the user's role, read with the session
	CSRF      string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// AuditEntry is one line of the audit log: who did what, when, from where.
type AuditEntry struct {
	ID     int64
	At     time.Time
	User   string
	Action string
	Detail string
	Remote string
}

// AuthStorage keeps the dashboard's accounts, sessions and audit log.
type AuthStorage interface {
	// AddUser creates an account; ErrExists when the name is taken.
	AddUser(ctx context.Context, u User) error
	// UserByName returns the account or ErrNotFound.
	UserByName(ctx context.Context, name string) (User, error)
	// Users lists the accounts by name.
	Users(ctx context.Context) ([]User, error)
	// AddSession stores a session and drops every session expired at
	// s.CreatedAt, so the table does not grow with abandoned sign-ins.
	AddSession(ctx context.Context, s Session) error
	// SessionByHash returns the session whose id hashes to idHash, with its
	// user's current role, or ErrNotFound when there is none or it expired
	// at now.
	SessionByHash(ctx context.Context, idHash []byte, now time.Time) (Session, error)
	// DeleteSession ends a session; an unknown one is not an error.
	DeleteSession(ctx context.Context, idHash []byte) error
	// AddAudit appends to the audit log.
	AddAudit(ctx context.Context, e AuditEntry) error
	// Audit returns the newest entries first, at most limit.
	Audit(ctx context.Context, limit int) ([]AuditEntry, error)
}

// AddUser implements AuthStorage.
func (s *SQLite) AddUser(ctx context.Context, u User) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE name = ?`, u.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("user %q: %w", u.Name, ErrExists)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)`,
			u.Name, string(u.Role), u.PasswordHash, fmtTime(u.CreatedAt))
		return err
	})
}

// UserByName implements AuthStorage.
func (s *SQLite) UserByName(ctx context.Context, name string) (User, error) {
	var u User
	var role, created string
	err := s.r.QueryRowContext(ctx, `SELECT name, role, password_hash, created_at FROM users WHERE name = ?`, name).
		Scan(&u.Name, &role, &u.PasswordHash, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return u, ErrNotFound
	}
	u.Role, u.CreatedAt = Role(role), parseTime(created)
	return u, err
}

// Users implements AuthStorage.
func (s *SQLite) Users(ctx context.Context) ([]User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT name, role, created_at FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		var role, created string
		if err := rows.Scan(&u.Name, &role, &created); err != nil {
			return nil, err
		}
		u.Role, u.CreatedAt = Role(role), parseTime(created)
		out = append(out, u)
	}
	return out, rows.Err()
}

// AddSession implements AuthStorage.
func (s *SQLite) AddSession(ctx context.Context, ss Session) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, ss.CreatedAt.Unix()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_name, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			ss.IDHash, ss.User, ss.CSRF, fmtTime(ss.CreatedAt), ss.ExpiresAt.Unix())
		return err
	})
}

// SessionByHash implements AuthStorage.
func (s *SQLite) SessionByHash(ctx context.Context, idHash []byte, now time.Time) (Session, error) {
	var ss Session
	var role, created string
	var expires int64
	err := s.r.QueryRowContext(ctx, `SELECT s.id_hash, s.user_name, u.role, s.csrf, s.created_at, s.expires_at
		FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.id_hash = ? AND s.expires_at > ?`, idHash, now.Unix()).
		Scan(&ss.IDHash, &ss.User, &role, &ss.CSRF, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return ss, ErrNotFound
	}
	ss.Role, ss.CreatedAt, ss.ExpiresAt = Role(role), parseTime(created), time.Unix(expires, 0).UTC()
	return ss, err
}

// DeleteSession implements AuthStorage.
func (s *SQLite) DeleteSession(ctx context.Context, idHash []byte) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ?`, idHash)
	return err
}

// AddAudit implements AuthStorage.
func (s *SQLite) AddAudit(ctx context.Context, e AuditEntry) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO audit (at, user_name, action, detail, remote) VALUES (?, ?, ?, ?, ?)`,
		fmtTime(e.At), e.User, e.Action, e.Detail, e.Remote)
	return err
}

// Audit implements AuthStorage.
func (s *SQLite) Audit(ctx context.Context, limit int) ([]AuditEntry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, at, user_name, action, detail, remote FROM audit ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.User, &e.Action, &e.Detail, &e.Remote); err != nil {
			return nil, err
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// AddUser implements AuthStorage.
func (s *Postgres) AddUser(ctx context.Context, u User) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO users (name, role, password_hash, created_at) VALUES ($1, $2, $3, $4)`,
		u.Name, string(u.Role), u.PasswordHash, u.CreatedAt)
	if pgCode(err) == pgUniqueViolation {
		return fmt.Errorf("user %q: %w", u.Name, ErrExists)
	}
	return plainNul(err)
}

// UserByName implements AuthStorage.
func (s *Postgres) UserByName(ctx context.Context, name string) (User, error) {
	var u User
	var role string
	err := s.pool.QueryRow(ctx, `SELECT name, role, password_hash, created_at FROM users WHERE name = $1`, name).
		Scan(&u.Name, &role, &u.PasswordHash, &u.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return u, ErrNotFound
	}
	if pgCode(err) == pgNulInText {
		return u, ErrNotFound // a name with U+0000 names nobody
	}
	u.Role, u.CreatedAt = Role(role), u.CreatedAt.UTC()
	return u, err
}

// Users implements AuthStorage.
func (s *Postgres) Users(ctx context.Context) ([]User, error) {
	rows, err := s.pool.Query(ctx, `SELECT name, role, created_at FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		var role string
		if err := rows.Scan(&u.Name, &role, &u.CreatedAt); err != nil {
			return nil, err
		}
		u.Role, u.CreatedAt = Role(role), u.CreatedAt.UTC()
		out = append(out, u)
	}
	return out, rows.Err()
}

// AddSession implements AuthStorage.
func (s *Postgres) AddSession(ctx context.Context, ss Session) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, ss.CreatedAt); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO sessions (id_hash, user_name, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
			ss.IDHash, ss.User, ss.CSRF, ss.CreatedAt, ss.ExpiresAt)
		return err
	})
}

// SessionByHash implements AuthStorage.
func (s *Postgres) SessionByHash(ctx context.Context, idHash []byte, now time.Time) (Session, error) {
	var ss Session
	var role string
	err := s.pool.QueryRow(ctx, `SELECT s.id_hash, s.user_name, u.role, s.csrf, s.created_at, s.expires_at
		FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.id_hash = $1 AND s.expires_at > $2`, idHash, now).
		Scan(&ss.IDHash, &ss.User, &role, &ss.CSRF, &ss.CreatedAt, &ss.ExpiresAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return ss, ErrNotFound
	}
	ss.Role, ss.CreatedAt, ss.ExpiresAt = Role(role), ss.CreatedAt.UTC(), ss.ExpiresAt.UTC()
	return ss, err
}

// DeleteSession implements AuthStorage.
func (s *Postgres) DeleteSession(ctx context.Context, idHash []byte) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE id_hash = $1`, idHash)
	return err
}

// AddAudit implements AuthStorage.
func (s *Postgres) AddAudit(ctx context.Context, e AuditEntry) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO audit (at, user_name, action, detail, remote) VALUES ($1, $2, $3, $4, $5)`,
		e.At, e.User, e.Action, e.Detail, e.Remote)
	return plainNul(err)
}

// Audit implements AuthStorage.
func (s *Postgres) Audit(ctx context.Context, limit int) ([]AuditEntry, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, at, user_name, action, detail, remote FROM audit ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.User, &e.Action, &e.Detail, &e.Remote); err != nil {
			return nil, err
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}
