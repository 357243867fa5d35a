// Command gansudash is a terminal dashboard of investment-attraction,
// industrial-output and desertification-control figures of Gansu province,
// each traceable to where it was published.
//
// Run "gansudash --help" for the commands; the command tree is in ui/cli.
package main

import (
	"os"

	"github.com/gansudash/gansudash/ui/cli"
)

func main() {
	env := cli.SystemEnv()
	os.Exit(cli.Execute(cli.NewRoot(env), env, os.Args[1:]))
}
