"""The form's parts read once for every layout: each module takes what a layout located
(captions, rows of values with their places) and gives the part of the form model with its
provenance, so a rule about a part (funds, …) lives in one file."""
