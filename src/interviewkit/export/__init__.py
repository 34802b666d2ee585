"""Writing results for people: tables (CSV, Excel, JSON, Markdown, LaTeX), figures (PNG, SVG,
PDF), the study report (HTML, Word) and the codebook (HTML, Markdown, Word)."""
