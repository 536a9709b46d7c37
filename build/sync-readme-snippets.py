#!/usr/bin/env python3
"""Copies every `// region readme:<name>` block of the given test sources into README.md, replacing
the fenced java block that follows `<!-- snippet: <name> -->`. The tests (ReadmeSnippets) then check
that the two stay equal. Usage: python3 build/sync-readme-snippets.py <Test.java>..."""
import re, sys, pathlib

root = pathlib.Path(__file__).resolve().parent.parent
readme = root / "README.md"
text = readme.read_text()
for source in sys.argv[1:]:
    src = pathlib.Path(source).read_text()
    for m in re.finditer(r"(?m)^[ \t]*// region readme:([\w.-]+)[ \t]*\n", src):
        end = src.index("// endregion", m.end())
        body = src[m.end():src.rindex("\n", 0, end) + 1]
        lines = body.split("\n")[:-1]
        indent = min(len(l) - len(l.lstrip()) for l in lines if l.strip())
        block = "".join((l[indent:] if l.strip() else "") + "\n" for l in lines)
        pattern = re.compile(r"(<!-- snippet: " + re.escape(m.group(1)) + r" -->\n```java\n)(.*?)(```)", re.S)
        if not pattern.search(text):
            sys.exit("README.md has no <!-- snippet: %s --> block" % m.group(1))
        text = pattern.sub(lambda x: x.group(1) + block + x.group(3), text)
readme.write_text(text)
