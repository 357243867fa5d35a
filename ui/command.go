package ui

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/store/atomicfile"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// Exit statuses of every command, locally and over SSH.
const (
	ExitOK     = 0 // done
	ExitFailed = 1 // failed: the message says what, where and what to do
	ExitUsage  = 2 // a command line that cannot be understood
)

// UsageError is a command line that cannot be understood: an unknown
// command or flag, a bad flag value, a missing argument. It exits with
// ExitUsage, and says itself in either language.
type UsageError struct{ Msg model.Text }

func (e UsageError) Error() string { return e.Msg.Localize(model.English) }

// Localize prints the error in lang.
func (e UsageError) Localize(lang model.Lang) string { return e.Msg.Localize(lang) }

// Usagef makes a UsageError; zh and en take the same arguments.
func Usagef(zh, en string, args ...any) error { return UsageError{model.T(zh, en, args...)} }

// UsageErr makes err, a refusal of a flag's value by the model (an unknown
// region, category or language), a UsageError in err's own words.
func UsageErr(err error) error { return UsageError{model.T("%v", "%v", err)} }

// ReportError prints a command's error once in lang, through the sanitiser,
// and returns the exit status: ExitUsage for a command line that cannot be
// understood (with where to read more), ExitFailed otherwise. An import's
// list of problems is printed whole, then what it means.
func ReportError(w io.Writer, cmd *cobra.Command, err error, lang model.Lang) int {
	if err == nil {
		return ExitOK
	}
	// Every message is one line through the sanitiser: a line break in a
	// file name must not forge a line of output.
	var ue UsageError
	if errors.As(err, &ue) {
		msg := ue.Localize(lang)
		fmt.Fprintf(w, "gansudash: %s\n", sanitize.Line(msg))
		if cmd != nil && cmd.Name() == "help" {
			cmd = cmd.Root()
		}
		if cmd != nil && !strings.Contains(msg, "--help") {
			fmt.Fprintf(w, lang.Pick("gansudash: 运行 '%s --help' 查看用法\n", "gansudash: run '%s --help' for usage\n"), cmd.CommandPath())
		}
		return ExitUsage
	}
	var list store.ErrorList
	if errors.As(err, &list) {
		for i, e := range list {
			if i == store.MaxListedErrors {
				fmt.Fprintf(w, lang.Pick("……另有 %d 个问题\n", "... and %d more problems\n"), len(list)-store.MaxListedErrors)
				break
			}
			fmt.Fprintln(w, sanitize.Line(e.Localize(lang)))
		}
		n := 0
		for _, e := range list {
			n += max(1, e.Count)
		}
		if lang == model.Chinese {
			fmt.Fprintf(w, "gansudash: 共 %d 个问题，涉及 %d 行；未导入任何数据：请改正文件后重新导入\n", len(list), n)
		} else {
			fmt.Fprintf(w, "gansudash: %s in %s; nothing was imported: correct the files and import them again\n",
				plural(len(list), "problem", "problems"), plural(n, "row", "rows"))
		}
		return ExitFailed
	}
	fmt.Fprintf(w, "gansudash: %s\n", sanitize.Line(ErrorText(err, lang)))
	return ExitFailed
}

// ErrorText prints err in lang: the model's and the store's errors in their
// own words, the operating system's common ones in Chinese (see
// atomicfile.LocalizeOS), anything else as it says itself.
func ErrorText(err error, lang model.Lang) string {
	var l model.Localizer
	if errors.As(err, &l) {
		return model.Localize(err, lang)
	}
	return atomicfile.LocalizeOS(err, lang)
}

// FlagError makes cobra's flag errors usage errors in both languages (for
// SetFlagErrorFunc). The English words are pflag's own.
func FlagError(_ *cobra.Command, err error) error {
	var (
		notExist *pflag.NotExistError
		noValue  *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
		zh       string
	)
	switch {
	case errors.As(err, &notExist):
		name, group := notExist.GetSpecifiedName(), notExist.GetSpecifiedShortnames()
		switch {
		case group == "":
			zh = "未知选项：--" + name
		case len(group) == 1:
			zh = "未知的短选项：-" + group
		default:
			zh = fmt.Sprintf("未知的短选项 -%c（在 -%s 中）", []rune(name)[0], group)
		}
	case errors.As(err, &noValue):
		name, group := noValue.GetSpecifiedName(), noValue.GetSpecifiedShortnames()
		switch {
		case group == "":
			zh = "选项 --" + name + " 需要一个值"
		case len(group) == 1:
			zh = "选项 -" + group + " 需要一个值"
		default:
			zh = fmt.Sprintf("选项 -%c 需要一个值（在 -%s 中）", []rune(name)[0], group)
		}
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		zh = fmt.Sprintf("选项 --%s 的值“%s”无效：%s", f.Name, invalid.GetValue(), flagValueHint(f, invalid.Unwrap()))
	case errors.As(err, &syntax):
		zh = "选项写法有误：" + syntax.GetSpecifiedFlag()
	default:
		return UsageErr(err)
	}
	return UsageError{model.Text{ZH: zh, EN: err.Error()}}
}

// flagValueHint says in Chinese what a flag of f's type takes.
func flagValueHint(f *pflag.Flag, cause error) string {
	switch f.Value.Type() {
	case "int", "int64", "uint", "uint64":
		return "应为整数"
	case "float64", "float32":
		return "应为数字"
	case "duration":
		return "应为时长，如 30s、5m、1h"
	case "bool":
		return "应为 true 或 false"
	}
	return ErrorText(cause, model.Chinese)
}

// NoArgs refuses positional arguments as a usage error.
func NoArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return Usagef("%s：多余的参数“%s”", "%s: unexpected argument %q", cmd.CommandPath(), args[0])
	}
	return nil
}

// UnknownCommand refuses a first argument that names no command, with the
// closest command suggested (for a root command's Args).
func UnknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	zh, en := fmt.Sprintf("未知命令“%s”", args[0]), fmt.Sprintf("unknown command %q", args[0])
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		zh += fmt.Sprintf("（是不是要用“%s”？）", s[0])
		en += fmt.Sprintf(" (did you mean %q?)", s[0])
	}
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return UsageError{model.Text{ZH: zh + "；可用的命令：" + strings.Join(names, "、"),
		EN: en + "; the commands are " + strings.Join(names, ", ")}}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// LocalizeHelp puts cobra's own words in a command tree (the usage and help
// layout, the help flag, the help and completion commands) into lang; the
// commands' own texts are the caller's. English stays cobra's.
func LocalizeHelp(root *cobra.Command, lang model.Lang) {
	if lang == model.English {
		return
	}
	root.InitDefaultCompletionCmd()
	root.InitDefaultHelpCmd()
	for _, c := range root.Commands() {
		switch {
		case c.Name() == "completion":
			localizeCompletion(c)
		case c.Name() == "help" && c.Short == "Help about any command": // cobra's own
			c.Short = "显示任一命令的帮助"
			c.Long = "显示任一命令的帮助：" + root.Name() + " help [命令]。"
		}
	}
	root.SetUsageFunc(usageZH)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Flags().Lookup("help") == nil {
			c.Flags().BoolP("help", "h", false, "显示 "+c.Name()+" 的帮助")
			_ = c.Flags().SetAnnotation("help", cobra.FlagSetByCobraAnnotation, []string{"true"})
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// usageZH is cobra's usage layout in Chinese.
func usageZH(c *cobra.Command) error {
	var b strings.Builder
	b.WriteString("用法：")
	if c.Runnable() {
		b.WriteString("\n  " + strings.Replace(c.UseLine(), "[flags]", "[选项]", 1))
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n  " + c.CommandPath() + " [命令]")
	}
	if len(c.Aliases) > 0 {
		b.WriteString("\n\n别名：\n  " + c.NameAndAliases())
	}
	if c.HasExample() {
		b.WriteString("\n\n示例：\n" + c.Example)
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\n命令：")
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				fmt.Fprintf(&b, "\n  %-*s %s", sub.NamePadding(), sub.Name(), sub.Short)
			}
		}
	}
	if c.HasAvailableLocalFlags() {
		b.WriteString("\n\n选项：\n" + flagUsagesZH(c.LocalFlags()))
	}
	if c.HasAvailableInheritedFlags() {
		b.WriteString("\n\n全局选项：\n" + flagUsagesZH(c.InheritedFlags()))
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\n\n运行 \"%s [命令] --help\" 查看命令的详细说明。", c.CommandPath())
	}
	b.WriteString("\n")
	_, err := io.WriteString(c.OutOrStderr(), b.String())
	return err
}

// flagUsagesZH is pflag's list of flags, aligned by display width (pflag
// counts bytes, and a Chinese value name is three bytes to two columns),
// with its "(default X)" in Chinese. Every flag's Chinese usage names its
// value in backquotes, so that no type name (string, duration) shows.
func flagUsagesZH(fs *pflag.FlagSet) string {
	lines := strings.Split(strings.TrimRight(fs.FlagUsages(), " \n"), "\n")
	lefts, usages := make([]string, len(lines)), make([]string, len(lines))
	widest := 0
	for i, l := range lines {
		// "  -o, --output 文件   usage": the left part holds no two spaces
		// in a row after its indentation.
		indent := len(l) - len(strings.TrimLeft(l, " "))
		cut := strings.Index(l[indent:], "  ")
		if cut < 0 {
			lefts[i] = l
			continue
		}
		lefts[i], usages[i] = l[:indent+cut], strings.TrimLeft(l[indent+cut:], " ")
		widest = max(widest, ansi.StringWidth(lefts[i]))
		if j := strings.LastIndex(usages[i], " (default "); j >= 0 && strings.HasSuffix(usages[i], ")") {
			u := usages[i]
			usages[i] = u[:j] + "（默认 " + u[j+len(" (default "):len(u)-1] + "）"
		}
	}
	for i := range lines {
		if usages[i] != "" {
			lines[i] = lefts[i] + strings.Repeat(" ", widest-ansi.StringWidth(lefts[i])+3) + usages[i]
		}
	}
	return strings.Join(lines, "\n")
}

// localizeCompletion puts cobra's completion command in Chinese.
func localizeCompletion(c *cobra.Command) {
	name := c.Root().Name()
	c.Short = "生成命令行补全脚本（bash、zsh、fish、powershell）"
	c.Long = "为指定的 shell 生成 " + name + " 的命令行补全脚本。\n用法见各子命令的帮助。"
	longs := map[string]string{
		"bash": `生成 bash 的补全脚本。

此脚本依赖 bash-completion 软件包；若尚未安装，可用系统的软件包管理器安装。

在当前 shell 会话中加载补全：

	source <(%[1]s completion bash)

让以后每个会话都加载补全，执行一次：

#### Linux：

	%[1]s completion bash > /etc/bash_completion.d/%[1]s

#### macOS：

	%[1]s completion bash > $(brew --prefix)/etc/bash_completion.d/%[1]s

需要打开新的 shell 才会生效。
`,
		"zsh": `生成 zsh 的补全脚本。

如果环境中尚未启用 shell 补全，需要先启用，执行一次：

	echo "autoload -U compinit; compinit" >> ~/.zshrc

在当前 shell 会话中加载补全：

	source <(%[1]s completion zsh)

让以后每个会话都加载补全，执行一次：

#### Linux：

	%[1]s completion zsh > "${fpath[1]}/_%[1]s"

#### macOS：

	%[1]s completion zsh > $(brew --prefix)/share/zsh/site-functions/_%[1]s

需要打开新的 shell 才会生效。
`,
		"fish": `生成 fish 的补全脚本。

在当前 shell 会话中加载补全：

	%[1]s completion fish | source

让以后每个会话都加载补全，执行一次：

	%[1]s completion fish > ~/.config/fish/completions/%[1]s.fish

需要打开新的 shell 才会生效。
`,
		"powershell": `生成 powershell 的补全脚本。

在当前 shell 会话中加载补全：

	%[1]s completion powershell | Out-String | Invoke-Expression

让以后每个会话都加载补全，请把上面命令的输出加入 powershell 的配置文件（profile）。
`,
	}
	c.Args = NoArgs
	for _, sub := range c.Commands() {
		long, ok := longs[sub.Name()]
		if !ok {
			continue
		}
		sub.Short = "生成 " + sub.Name() + " 的补全脚本"
		sub.Long = fmt.Sprintf(long, name)
		sub.Args = NoArgs
		if f := sub.Flags().Lookup("no-descriptions"); f != nil {
			f.Usage = "补全时不显示说明"
		}
	}
}
