"""Learning the player's hand: an instant memory of their drawings, between retrains."""
