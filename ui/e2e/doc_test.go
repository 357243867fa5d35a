// Package e2e tests the gansudash binary end to end: it builds the real
// program and drives its command line, its dashboard in tmux, and its SSH
// server with the real OpenSSH client. It holds tests only.
package e2e
