"""Timed mock exams shaped like the CCMA: drawing, the running exam, its score report.

Modules, one job each: `blueprints` (templates as plain values), `draw` (which questions, pure),
`pack_draw` (an exam pack's fixed questions, in a new order each attempt), `availability` (can the
bank fill a blueprint), `timing` (exam time from an injected clock, pure), `engine` (one running
exam, committing every action), `state` (the frozen snapshots pages get), `submission` (scoring
at submit), `results` (the score report), `errors`, and `service` (the facade a front end holds
as `ctx.exams`).
"""
