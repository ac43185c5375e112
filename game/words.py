"""Words that depend on a number: "a 7" but "an 8". No pygame here."""


def article(number):
    """Return "an" if the number, read aloud, begins with a vowel sound, else "a".

    number : a whole number, e.g. 8 ("an eight"), 11 ("an eleven"), 18, 80-89, 800-899,
    8000-8999, 11000 ("an eleven thousand"); 1, 7, 100, 1100 ("a one thousand one
    hundred") take "a". Numbers are read in groups of three digits, so the first group
    decides: eight-anything, eleven or eighteen.
    """
    digits = str(abs(int(number)))
    first_group = int(digits[: len(digits) % 3 or 3])
    return "an" if digits.startswith("8") or first_group in (11, 18) else "a"


def counted(count, noun):
    """Return "1 correction", "2 corrections": a count with its noun, plural where it is."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def with_article(number):
    """Return the number with its article, e.g. "a 7", "an 8", "an 11"."""
    return f"{article(number)} {number}"
