"""A small OpenID Connect provider on 127.0.0.1, standing in for ProConnect in tests.

Serves discovery, authorize (answers with a code, or a refusal), token (checks the code,
the client secret, the redirect address and PKCE; returns an RS256-signed ID token),
userinfo (a signed JWT, as ProConnect does), JWKS and the end-session address. The RSA key
is generated at start. Switches let a test make it misbehave: refuse the login, tamper
with the ID token's payload, sign for another audience or with another key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "recensia-test"
CLIENT_SECRET = "secret-de-test"  # noqa: S105


def _new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Behaviour:
    refuse: bool = False
    tamper: bool = False
    audience: str = CLIENT_ID
    foreign_key: bool = False
    claims: dict = field(default_factory=dict)


class Provider:
    def __init__(self) -> None:
        self.key = _new_key()
        self.other_key = _new_key()
        self.kid = "cle-de-test"
        self.behaviour = Behaviour()
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def discovery_url(self) -> str:
        return f"{self.base}/.well-known/openid-configuration"

    def start(self) -> Provider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def reset(self, **behaviour) -> None:
        self.behaviour = Behaviour(**behaviour)
        self.codes.clear()
        self.tokens.clear()
        self.requests.clear()

    # ---------------------------------------------------------------- documents

    def discovery(self) -> dict:
        return {
            "issuer": self.base,
            "authorization_endpoint": f"{self.base}/authorize",
            "token_endpoint": f"{self.base}/token",
            "userinfo_endpoint": f"{self.base}/userinfo",
            "jwks_uri": f"{self.base}/jwks",
            "end_session_endpoint": f"{self.base}/session/end",
            "id_token_signing_alg_values_supported": ["RS256"],
            "userinfo_signing_alg_values_supported": ["RS256"],
        }

    def jwks(self) -> dict:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def _sign(self, payload: dict) -> str:
        key = self.other_key if self.behaviour.foreign_key else self.key
        return jwt.encode(payload, key, algorithm="RS256", headers={"kid": self.kid})

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        token = self._sign({"iss": self.base, "aud": self.behaviour.audience,
                            "sub": self.behaviour.claims["sub"], "nonce": nonce,
                            "iat": now, "exp": now + 60, "acr": "eidas1"})
        if self.behaviour.tamper:
            header, payload, signature = token.split(".")
            claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
            claims["sub"] = "quelqu-un-d-autre"
            payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
            token = ".".join([header, payload.decode(), signature])
        return token

    # ---------------------------------------------------------------- HTTP

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, status, body=b"", content_type="application/json", headers=()):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _json(self, status, data):
                self._send(status, json.dumps(data).encode())

            def do_GET(self):  # noqa: N802
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                provider.requests.append(url.path)
                if url.path == "/.well-known/openid-configuration":
                    return self._json(200, provider.discovery())
                if url.path == "/jwks":
                    return self._json(200, provider.jwks())
                if url.path == "/authorize":
                    return self._authorize(query)
                if url.path == "/userinfo":
                    return self._userinfo()
                return self._json(404, {"error": "not_found"})

            def _authorize(self, query):
                if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                    return self._json(400, {"error": "invalid_request"})
                target = query["redirect_uri"]
                if provider.behaviour.refuse:
                    answer = {"error": "access_denied", "state": query["state"]}
                else:
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = query
                    answer = {"code": code, "state": query["state"]}
                self._send(302, headers=[("Location", f"{target}?{urlencode(answer)}")])

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                provider.requests.append(self.path)
                if self.path != "/token":
                    return self._json(404, {"error": "not_found"})
                asked = provider.codes.pop(form.get("code", ""), None)
                verifier = form.get("code_verifier", "").encode()
                challenge = base64.urlsafe_b64encode(
                    hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
                if (asked is None or form.get("client_id") != CLIENT_ID
                        or form.get("client_secret") != CLIENT_SECRET
                        or form.get("redirect_uri") != asked["redirect_uri"]
                        or challenge != asked.get("code_challenge")):
                    return self._json(400, {"error": "invalid_grant"})
                access = secrets.token_urlsafe(16)
                provider.tokens[access] = asked
                self._json(200, {"access_token": access, "token_type": "Bearer",
                                 "expires_in": 60, "id_token": provider.id_token(asked["nonce"])})

            def _userinfo(self):
                access = self.headers.get("Authorization", "").removeprefix("Bearer ")
                if access not in provider.tokens:
                    return self._json(401, {"error": "invalid_token"})
                claims = {"iss": provider.base, "aud": CLIENT_ID, **provider.behaviour.claims}
                self._send(200, provider._sign(claims).encode(), content_type="application/jwt")

        return Handler
