//! Element names as the HTML tree builder groups them (void, special, formatting, raw text, scope
//! boundaries), for the nesting bound in `bound`. The lists follow the HTML standard's tree
//! construction rules, which html5ever implements.

/// Elements that never have an end tag and are never left open.
pub(super) fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "image"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Elements whose text is raw up to their own end tag (with scripting off, as dom_query parses,
/// `noscript` is ordinary markup).
pub(super) fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "xmp" | "iframe" | "noembed" | "noframes" | "title" | "textarea"
    )
}

/// The formatting elements: the tree builder reopens them after an element that closed them, so
/// how many it keeps in its list of active ones matters.
pub(super) fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// The "special" category: an end tag for an ordinary element stops looking at one of these.
pub(super) fn is_special(name: &str) -> bool {
    is_void(name)
        || is_heading(name)
        || matches!(
            name,
            "address"
                | "applet"
                | "article"
                | "aside"
                | "blockquote"
                | "body"
                | "button"
                | "caption"
                | "center"
                | "colgroup"
                | "dd"
                | "details"
                | "dir"
                | "div"
                | "dl"
                | "dt"
                | "fieldset"
                | "figcaption"
                | "figure"
                | "footer"
                | "form"
                | "frameset"
                | "head"
                | "header"
                | "hgroup"
                | "html"
                | "iframe"
                | "li"
                | "listing"
                | "main"
                | "marquee"
                | "menu"
                | "nav"
                | "noembed"
                | "noframes"
                | "noscript"
                | "object"
                | "ol"
                | "p"
                | "plaintext"
                | "pre"
                | "script"
                | "search"
                | "section"
                | "select"
                | "style"
                | "summary"
                | "table"
                | "tbody"
                | "td"
                | "template"
                | "textarea"
                | "tfoot"
                | "th"
                | "thead"
                | "title"
                | "tr"
                | "ul"
                | "xmp"
        )
}

pub(super) fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Start tags before which the tree builder closes an open `<p>` (table left out: in quirks mode it
/// does not, and keeping the `<p>` open only overstates the depth).
pub(super) fn closes_p(name: &str) -> bool {
    is_heading(name)
        || matches!(
            name,
            "address"
                | "article"
                | "aside"
                | "blockquote"
                | "center"
                | "details"
                | "dialog"
                | "dir"
                | "div"
                | "dl"
                | "fieldset"
                | "figcaption"
                | "figure"
                | "footer"
                | "header"
                | "hgroup"
                | "main"
                | "menu"
                | "nav"
                | "ol"
                | "p"
                | "search"
                | "section"
                | "summary"
                | "ul"
                | "pre"
                | "listing"
                | "form"
                | "li"
                | "dd"
                | "dt"
                | "plaintext"
                | "hr"
                | "xmp"
        )
}

/// Where a search for an open element "in scope" stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// The default scope.
    Default,
    /// Default plus `button` (for `p`).
    Button,
    /// Default plus `ol` and `ul` (for `li`).
    ListItem,
    /// Only `html`, `table` and `template` (for table parts).
    Table,
    /// Everything but `option` and `optgroup` (for `select`).
    Select,
}

impl Scope {
    /// The scope an end tag for `name` looks in, when `name` is an element that such an end tag
    /// closes together with whatever is open inside it.
    pub fn for_end_tag(name: &str) -> Scope {
        match name {
            "p" => Scope::Button,
            "li" => Scope::ListItem,
            "tr" | "td" | "th" | "tbody" | "thead" | "tfoot" | "caption" | "colgroup" => {
                Scope::Table
            }
            "select" => Scope::Select,
            _ => Scope::Default,
        }
    }

    /// True when an open `name` ends the search.
    pub fn stops_at(self, name: &str) -> bool {
        let default = matches!(
            name,
            "applet"
                | "caption"
                | "html"
                | "table"
                | "td"
                | "th"
                | "marquee"
                | "object"
                | "template"
        );
        match self {
            Scope::Default => default,
            Scope::Button => default || name == "button",
            Scope::ListItem => default || matches!(name, "ol" | "ul"),
            Scope::Table => matches!(name, "html" | "table" | "template"),
            Scope::Select => !matches!(name, "option" | "optgroup"),
        }
    }
}

/// Tags that end SVG or MathML content when met inside it (the tree builder's "breakout" list).
pub(super) fn breaks_out_of_foreign(name: &str, has_font_attr: bool) -> bool {
    is_heading(name)
        || (name == "font" && has_font_attr)
        || matches!(
            name,
            "b" | "big"
                | "blockquote"
                | "body"
                | "br"
                | "center"
                | "code"
                | "dd"
                | "div"
                | "dl"
                | "dt"
                | "em"
                | "embed"
                | "head"
                | "hr"
                | "i"
                | "img"
                | "li"
                | "listing"
                | "menu"
                | "meta"
                | "nobr"
                | "ol"
                | "p"
                | "pre"
                | "ruby"
                | "s"
                | "small"
                | "span"
                | "strong"
                | "strike"
                | "sub"
                | "sup"
                | "table"
                | "tt"
                | "u"
                | "ul"
                | "var"
        )
}

/// SVG and MathML elements whose content is HTML again.
pub(super) fn is_integration_point(name: &str, encoding: Option<&str>) -> bool {
    match name {
        "foreignobject" | "desc" | "title" | "mi" | "mo" | "mn" | "ms" | "mtext" => true,
        "annotation-xml" => encoding.is_some_and(|e| {
            e.eq_ignore_ascii_case("text/html") || e.eq_ignore_ascii_case("application/xhtml+xml")
        }),
        _ => false,
    }
}
