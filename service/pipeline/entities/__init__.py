"""Who and what the story names, and who speaks: people, organisations, the
speakers of direct quotes and of reported speech.

One public function per concern, each pure over plain text:

- `people.find_people(body, exclude)`: person entities with every mention;
- `organisations.find_organisations(body)`: organisation entities (acronyms
  and short references resolved to the full name);
- `speakers.attribute(...)`: the speaker of each direct quote;
- `reported_speech.find_reported_speech(body, people)`: indirect speech.

They read the typed name segments of `service.pipeline.knowledge.analysis`
(shared with places) and run as stages listed by
`service.pipeline.knowledge.knowledge_stages` (quotes run with the anatomy
stages). See docs/enrichment-knowledge.md.
"""
