"""LibreTranslate's two translation tests that need a pair we lack (en→es), adapted to ar→en — same
requests, same assertions — over HTTP against the API (the originals are beside this file)."""

from __future__ import annotations

import json



def test_api_translate(client):
    response = client.post("/translate", data={"q": "مرحبا", "source": "ar", "target": "en", "format": "text"})
    response_json = json.loads(response.data)
    assert "translatedText" in response_json
    assert response.status_code == 200


def test_api_translate_batch(client):
    response = client.post("/translate", json={"q": ["مرحبا", "عالم"], "source": "ar", "target": "en", "format": "text"})
    response_json = json.loads(response.data)
    assert "translatedText" in response_json
    assert isinstance(response_json["translatedText"], list)
    assert len(response_json["translatedText"]) == 2
    assert response.status_code == 200


def test_api_translate_unsupported_language(client):
    response = client.post("/translate", data={"q": "مرحبا", "source": "ar", "target": "zz", "format": "text"})
    response_json = json.loads(response.data)
    assert response_json["error"] == "zz is not supported"
    assert response.status_code == 400


def test_api_translate_missing_parameter(client):
    response = client.post("/translate", data={"source": "ar", "target": "en", "format": "text"})
    response_json = json.loads(response.data)
    assert response_json["error"] == "Invalid request: missing q parameter"
    assert response.status_code == 400


def test_upper_case_codes_are_the_same_languages(client):
    response = client.post("/translate", data={"q": "مرحبا", "source": "AR", "target": "EN"})
    assert response.status_code == 200 and isinstance(json.loads(response.data)["translatedText"], str)
