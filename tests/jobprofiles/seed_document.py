"""Read the seed document (a copy of the real COO profile page) into plain Python data."""

from pathlib import Path

SEED_DOCUMENT = Path(__file__).resolve().parent.parent / "data" / "seed_profile.txt"
PAGE_DEBRIS = {"Title example", ".png)"}
HEADINGS = ["Les missions", "Enjeux du poste", "Profil & Compétences", "Équipe & environnement"]


def read_seed():
    lines = [line for line in SEED_DOCUMENT.read_text(encoding="utf-8").splitlines() if line]
    lines = [line for line in lines if line not in PAGE_DEBRIS]
    bounds = [lines.index(heading) for heading in HEADINGS] + [
        lines.index("Nos autres fiches métiers")
    ]

    def pairs(chunk):
        return list(zip(chunk[::2], chunk[1::2], strict=True))

    others = lines[bounds[-1] + 1 :]
    return {
        "title": lines[0],
        "introduction": lines[1],
        "missions": pairs(lines[bounds[0] + 1 : bounds[1]]),
        "enjeux": pairs(lines[bounds[1] + 1 : bounds[2]]),
        "competences": pairs(lines[bounds[2] + 1 : bounds[3]]),
        "environment": lines[bounds[3] + 1 : bounds[4]],
        "others": pairs(others),
    }
