"""The shared tokenizer: offsets, sentences, possessives, and tokens that are
ordinary `Token` values however they are built."""

from __future__ import annotations

import dataclasses

from service.pipeline.knowledge.text import Token, _token, sentences, tokenize


def test_a_token_built_fast_is_the_token_the_dataclass_builds() -> None:
    fast = _token("Assad", 4, 9, True, 2, True)
    plain = Token("Assad", 4, 9, True, 2, True)
    assert type(fast) is Token and fast == plain and hash(fast) == hash(plain)
    assert dataclasses.astuple(fast) == dataclasses.astuple(plain)
    assert repr(fast) == repr(plain)


def test_tokens_carry_offsets_sentences_and_cut_possessives() -> None:
    body = "Mr. Assad’s army moved.\n\nThe U.S. said\n\n\nno."
    toks = tokenize(body)
    assert [(t.text, body[t.start:t.end]) for t in toks][:4] == [
        ("Mr", "Mr"), (".", "."), ("Assad", "Assad"), ("army", "army")]
    assert toks[2].possessive and not toks[3].possessive
    # "Mr." ends no sentence; a full stop does, and so does a blank line (a
    # full stop before one counts too: numbers grow, they need not be consecutive)
    assert [t.sentence for t in toks] == [0, 0, 0, 0, 0, 0, 2, 2, 2, 3, 3]
    assert [t.text for t in toks if t.sentence_start] == ["Mr", "The", "no"]
    assert sentences(body) == ((0, 23), (25, 38), (41, 44))
