"""Outputs kept between builds by the hash of what they are made from (:mod:`.store`): read by
the exporters, the pages and the build alike, so it sits below them all."""
