// Renders the model-rollouts chart's templates with Go's text/template (the engine Helm uses) and the subset of
// Helm/sprig functions the chart calls, so tests can check the templates without a helm binary.
// usage: go run main.go CHART_DIR CONTEXT.json   (CONTEXT: {"Values":{...},"Chart":{...},"Release":{...}})
// Prints every rendered template as "# Source: <file>" followed by its output; exits 1 on a template error.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/template"
)

type files struct{ root string }

// Get returns a chart file's content, "" when missing (as Helm does).
func (f files) Get(name string) string {
	b, err := os.ReadFile(filepath.Join(f.root, name))
	if err != nil {
		return ""
	}
	return string(b)
}

func main() {
	chart, ctxFile := os.Args[1], os.Args[2]
	raw, err := os.ReadFile(ctxFile)
	check(err)
	var data map[string]interface{}
	check(json.Unmarshal(raw, &data))
	data["Files"] = files{chart}

	t := template.New("chart").Option("missingkey=zero")
	t.Funcs(funcs(t))
	names, err := filepath.Glob(filepath.Join(chart, "templates", "*"))
	check(err)
	sort.Strings(names)
	for _, n := range names {
		b, err := os.ReadFile(n)
		check(err)
		_, err = t.New(filepath.Base(n)).Parse(string(b))
		check(err)
	}
	for _, n := range names {
		base := filepath.Base(n)
		if strings.HasPrefix(base, "_") || base == "NOTES.txt" {
			continue
		}
		var sb strings.Builder
		check(t.ExecuteTemplate(&sb, base, data))
		fmt.Printf("---\n# Source: %s\n%s\n", base, strings.ReplaceAll(sb.String(), "<no value>", ""))
	}
}

func funcs(t *template.Template) template.FuncMap {
	return template.FuncMap{
		"include": func(name string, d interface{}) (string, error) {
			var sb strings.Builder
			err := t.ExecuteTemplate(&sb, name, d)
			return sb.String(), err
		},
		"nindent": func(n int, s string) string { return "\n" + indent(n, s) },
		"indent":  indent,
		"toYaml":  func(v interface{}) string { return strings.TrimSuffix(toYaml(v, 0), "\n") },
		"default": func(d interface{}, v interface{}) interface{} {
			if empty(v) {
				return d
			}
			return v
		},
		"trunc": func(n int, s string) string {
			if len(s) > n {
				return s[:n]
			}
			return s
		},
		"trimSuffix": func(suffix, s string) string { return strings.TrimSuffix(s, suffix) },
		"contains":   func(sub, s string) bool { return strings.Contains(s, sub) },
		"replace":    func(old, new, s string) string { return strings.ReplaceAll(s, old, new) },
		"quote":      func(v interface{}) string { return strconv.Quote(fmt.Sprint(v)) },
		"join": func(sep string, v interface{}) string {
			list, _ := v.([]interface{})
			parts := make([]string, len(list))
			for i, x := range list {
				parts[i] = fmt.Sprint(x)
			}
			return strings.Join(parts, sep)
		},
		"fail": func(msg string) (string, error) { return "", errors.New(msg) },
	}
}

func indent(n int, s string) string {
	pad := strings.Repeat(" ", n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

func empty(v interface{}) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case bool:
		return !x
	case float64:
		return x == 0
	case []interface{}:
		return len(x) == 0
	case map[string]interface{}:
		return len(x) == 0
	}
	return false
}

// toYaml writes maps (keys sorted, as sigs.k8s.io/yaml does), lists and scalars; strings are JSON-quoted when
// plain YAML could misread them.
func toYaml(v interface{}, level int) string {
	pad := strings.Repeat("  ", level)
	var sb strings.Builder
	switch x := v.(type) {
	case map[string]interface{}:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			sb.WriteString(pad + scalar(k) + ":")
			writeChild(&sb, x[k], level)
		}
	case []interface{}:
		for _, item := range x {
			sb.WriteString(pad + "-")
			writeChild(&sb, item, level)
		}
	default:
		sb.WriteString(pad + scalar(v) + "\n")
	}
	return sb.String()
}

func writeChild(sb *strings.Builder, v interface{}, level int) {
	switch c := v.(type) {
	case map[string]interface{}:
		if len(c) == 0 {
			sb.WriteString(" {}\n")
			return
		}
		sb.WriteString("\n" + toYaml(c, level+1))
	case []interface{}:
		if len(c) == 0 {
			sb.WriteString(" []\n")
			return
		}
		sb.WriteString("\n" + toYaml(c, level+1))
	default:
		sb.WriteString(" " + scalar(c) + "\n")
	}
}

func scalar(v interface{}) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		plain := x != "" && !strings.ContainsAny(x, ":#{}[],&*!|>'\"%@`\n") && strings.TrimSpace(x) == x
		if _, err := strconv.ParseFloat(x, 64); err == nil {
			plain = false
		}
		switch strings.ToLower(x) {
		case "true", "false", "yes", "no", "on", "off", "null", "~":
			plain = false
		}
		if plain {
			return x
		}
		b, _ := json.Marshal(x)
		return string(b)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
