"""Bearer-token helpers shared by every transport (grpc.aio interceptor, Ray Gateway, HTTP)."""

from clinverify.services import auth


def test_token_helpers(tmp_path, monkeypatch):
    monkeypatch.delenv("CLINVERIFY_TOKEN", raising=False)
    monkeypatch.delenv("CLINVERIFY_TOKEN_FILE", raising=False)
    assert auth.load_token() is None
    monkeypatch.setenv("CLINVERIFY_TOKEN", "abc")
    assert auth.load_token() == "abc"
    f = tmp_path / "t"
    f.write_text("xyz\n")
    assert auth.load_token(str(f)) == "xyz"
    assert auth.bearer_ok("xyz", "Bearer xyz") and auth.bearer_ok("xyz", "bearer xyz")
    assert not auth.bearer_ok("xyz", "Bearer xy") and not auth.bearer_ok("xyz", None) and auth.bearer_ok(None, None)
