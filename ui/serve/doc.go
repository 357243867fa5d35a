// Package serve delivers the dashboard over SSH to many officials at once:
// one Bubble Tea program per session, sized to the client's terminal and
// styled by its own renderer, all reading one shared, cached view of the
// database. Nothing reachable over SSH writes the database.
//
// Split as soft-serve splits pkg/ssh: server.go is the lifecycle (New,
// Listen, Serve, Run, Shutdown, the refresh loop that tells every session of
// an import); access.go who may connect (host key, authorized keys);
// limits.go what a client may take (connection rate, handshake deadline,
// session cap); session.go what one session runs (its log lines, the
// dashboard, a command such as report, the goodbye).
//
// Imports: model, store, ui, wish and charmbracelet/ssh, x/crypto/ssh.
//
// Traps that shaped it: wish's bubbletea middleware must be given the
// session's renderer (bm.MakeRenderer) or colours follow the server's own
// stdout; a client that connects and never authenticates would hold a
// goroutine for the whole idle timeout, so connections get a handshake
// deadline of their own; text from clients (user names, terminal types,
// commands) reaches the log only through the sanitiser.
package serve
