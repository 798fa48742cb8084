"""A small made-up corpus for tests: enough regular English for a tiny model to learn in seconds."""

import random

SUBJECTS = ["The old man", "She", "The girl", "My brother", "The captain", "He", "The little dog", "Mary"]
VERBS = ["walked to", "looked at", "ran into", "opened", "closed", "found", "painted", "left"]
OBJECTS = ["the door", "the garden", "the red house", "the river", "the window", "the old church", "the ship", "the box"]
ENDINGS = [".", " in the morning.", " at night.", " again.", " with a smile.", " and sat down."]


def make_paragraphs(n: int = 300, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    paras = []
    for _ in range(n):
        sentences = [
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(ENDINGS)}"
            for _ in range(rng.randint(2, 4))
        ]
        paras.append(" ".join(sentences))
    return paras


def make_text(n: int = 300, seed: int = 0) -> str:
    return "\n\n".join(make_paragraphs(n, seed)) + "\n"
