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
	os.Exit(cli.Main(cli.SystemEnv(), os.Args[1:]))
}
