"""The status vocabulary (data/vocabulary/statuses.yaml): order decides, first match wins."""

import pytest

from normalizers.status import normalize_status, status_of_checkboxes, status_of_wrapped_label
from pipeline.core.model import Status


@pytest.mark.parametrize(
    ("printed", "status"),
    [
        ("Non entamé", Status.A_PROGRAMMER),
        ("À agender", Status.A_PROGRAMMER),
        ("Partiellement réalisé", Status.EN_COURS),
        ("En cours de réalisation", Status.EN_COURS),
        ("Réalisé", Status.FINALISE),
        ("Terminé", Status.FINALISE),
        ("Abandonné", Status.ABANDONNE),
        ("Suspendu", Status.ABANDONNE),
    ],
)
def test_printed_statuses(printed, status):
    assert normalize_status(printed) is status


def test_status_columns_wrapped_mid_word_and_ticked_boxes():
    assert status_of_wrapped_label("A progra mmer") is Status.A_PROGRAMMER
    assert status_of_wrapped_label("Non comme ncé") is Status.A_PROGRAMMER
    assert status_of_wrapped_label("Termin é") is Status.FINALISE
    assert status_of_checkboxes("☐ À agender ☒ En cours ☐ Réalisé") is Status.EN_COURS
    assert status_of_checkboxes("☐ À agender ☐ En cours") is None
