"""Words that depend on a number ("a 7" but "an 8", "1 drawing"), or say a thing in a player's
words. No pygame here."""


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


def reader_words(recognizer):
    """Return what reads the player's drawings, in a player's words (the Lab and Your handwriting
    keep the precise ones): "It reads you as it came: play, and it learns your hand"."""
    if recognizer.description.startswith("your network"):  # one of the Playground's
        return f"Playing with {recognizer.description}"
    if recognizer.version == "shipped":
        return "It reads you as it came: play, and it learns your hand"
    metadata = recognizer.network.metadata
    answers = metadata.get("corrections_learned", 0) + metadata.get("confirmations_learned", 0)
    return f"It reads you with what it learned from {counted(answers, 'drawing')} of yours"
