"""Writing tables and plots: CSV, Excel, JSON, Markdown, LaTeX, PNG/SVG."""
