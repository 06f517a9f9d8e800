"""Renderers: pages (Markdown + front matter), feeds and exports, charts."""
