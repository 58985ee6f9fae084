import MIME
import Testing

@Suite struct HTMLTextTests {
    @Test(arguments: [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("a<br>b<br/>c", "a\nb\nc"),
        ("<ul><li>x</li><li>y</li></ul>", "- x\n- y"),
        ("<ol><li>x</li><li>y</li></ol>", "1. x\n2. y"),
        ("<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>", "A | B\n1 | 2"),
        // Outlook writes every cell as a paragraph: a row still reads on one line, a cell's lines on their own.
        ("<table><tr><td><p class=MsoNormal>Licensed users<o:p></o:p></p></td><td><p class=MsoNormal>3,000<o:p></o:p></p></td></tr></table>",
         "Licensed users | 3,000"),
        ("<table><tr><td><p>John Parker</p><p>IT Manager</p></td></tr></table><p>Next</p>", "John Parker\nIT Manager\n\nNext"),
        // An editor's empty line is a block of a no-break space: the paragraphs around it stay apart.
        ("<div>Hello,</div><div>&nbsp;</div><div>We have 120 accounts.</div><div>&nbsp;</div><div>Best</div><div>Ann</div>",
         "Hello,\n\nWe have 120 accounts.\n\nBest\nAnn"),
        ("<a href=\"https://x.test/a\">the site</a>", "the site (https://x.test/a)"),
        ("<a href=\"https://x.test\">https://x.test</a>", "https://x.test"),
        ("<a href=\"mailto:a@x.test\">a@x.test</a>", "a@x.test"),
        ("&lt;tag&gt; &amp; &quot;q&quot; &#8364; &#x20AC; &eacute; &nbsp;x", "<tag> & \"q\" € € é  x"),
        ("<script>alert(1)</script><style>p{}</style>text", "text"),
        ("<html><head><title>T</title></head><body>Hi   there\n  you</body></html>", "Hi there you"),
        ("<!-- c --><div>a</div><div>b</div>", "a\nb"),
        ("<pre>  keep\n    this</pre>", "  keep\n    this"),
        ("<div>25.000 cuentas</div>", "25.000 cuentas"),
        ("<p>Yes.</p><blockquote><p>Can you do 25.000?</p><blockquote>Original</blockquote></blockquote><p>Bye</p>",
         "Yes.\n\n> Can you do 25.000?\n\n> > Original\n\nBye"),
    ])
    func converts(html: String, text: String) {
        #expect(HTMLText.text(fromHTML: html) == text)
    }
}

@Suite struct FlowedTextTests {
    @Test(arguments: [
        // A soft break (a line ending in a space) joins; a hard one ends the paragraph.
        ("licensed for 7 \n000 users.\nNext line\n", false, "licensed for 7 000 users.\nNext line\n"),
        // DelSp=yes: the soft break's space was added by the writer's client, not typed.
        ("ein-\nzeln\nGroß \nschrei\n", true, "ein-\nzeln\nGroßschrei\n"),
        // Space-stuffing is undone; the signature separator is never a soft break.
        ("  indented\n-- \nJohn\n", false, " indented\n-- \nJohn\n"),
        // Quoted lines join at their own depth and keep it; a change of depth ends a paragraph.
        ("> We have 1 \n> 500 accounts.\n>> older \nreply \ntext\n", false, "> We have 1 500 accounts.\n>> older \nreply text\n"),
        ("no final line end", false, "no final line end"),
    ])
    func unflows(text: String, delSp: Bool, expected: String) {
        #expect(FlowedText.unflowed(text, delSp: delSp) == expected)
    }

    @Test func aFlowedBodyIsReadAsWrittenAndKeptAsSent() throws {
        let raw = "From: a@b.example\r\nContent-Type: text/plain; charset=utf-8; format=flowed\r\n\r\nour current license is for 7 \r\n000 users\r\n"
        let m = MessageParser.parse(Array(raw.utf8))
        #expect(m.textBody == "our current license is for 7 \n000 users\n", "the body as sent stays")
        #expect(m.readableTextBody == "our current license is for 7 000 users\n")
    }
}
