"""Exam packs: an instructor's exam — template plus its fixed questions — in one file for a class.

Modules, one job each: `template` (what the instructor decides), `draw` (which questions, once,
at export), `pack_file` (the file: written and checked, pure), `install` (storing an imported
pack as a set and a pack blueprint), `service` (the facade a front end holds as `ctx.packs`).
"""
