// Package sshclient is a scripted SSH terminal for testing the server: it
// connects with golang.org/x/crypto/ssh, asks for a pty, keeps the screen
// in a terminal emulator, answers the terminal queries a real terminal
// answers (background colour, device attributes), sends keys, and measures
// how long each key takes to produce a frame. Only tests use it.
package sshclient
