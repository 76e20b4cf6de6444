import datetime as dt
import ipaddress
import os
import re
import signal
import subprocess
import sys
import threading
import time

import pytest

from clinverify.datasets.medcalc_bench import data_dir


def pytest_collection_modifyitems(config, items):
    try:
        import torch  # noqa: F401

        has_gpu = torch.cuda.is_available()
    except Exception:
        has_gpu = False
    if not has_gpu:
        skip = pytest.mark.skip(reason="needs a CUDA GPU")
        for item in items:
            if "gpu" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def medcalc_rows():
    if data_dir() is None:
        pytest.skip("MedCalc-Bench data not found (set CLINVERIFY_MEDCALC_DIR to the folder with test_data_v1.0.csv)")
    from clinverify.datasets.medcalc_bench import load_rows

    return load_rows()


# -- certificates: a throwaway CA, a server certificate for localhost/127.0.0.1, a client one,
# -- and a client certificate from a CA the server does not trust


def _make_certs() -> dict[str, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    def pem_key(k) -> bytes:
        return k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())

    now = dt.datetime.now(dt.UTC)

    def build(subject: str, pub, issuer_name, issuer_key, *, ca=False, san=None, usage=None):
        b = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(issuer_name)
            .public_key(pub)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if san:
            b = b.add_extension(x509.SubjectAlternativeName(san), critical=False)
        if usage:
            b = b.add_extension(x509.ExtendedKeyUsage(usage), critical=False)
        return b.sign(issuer_key, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "clinverify test CA")])
    ca = build("clinverify test CA", ca_key.public_key(), ca_name, ca_key, ca=True)
    srv_key = ec.generate_private_key(ec.SECP256R1())
    san = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    srv = build("localhost", srv_key.public_key(), ca_name, ca_key, san=san, usage=[ExtendedKeyUsageOID.SERVER_AUTH])
    cli_key = ec.generate_private_key(ec.SECP256R1())
    cli = build("test client", cli_key.public_key(), ca_name, ca_key, usage=[ExtendedKeyUsageOID.CLIENT_AUTH])
    # A client certificate from a CA the server does not trust.
    other_key = ec.generate_private_key(ec.SECP256R1())
    other_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "other CA")])
    rogue_key = ec.generate_private_key(ec.SECP256R1())
    rogue = build("rogue client", rogue_key.public_key(), other_name, other_key, usage=[ExtendedKeyUsageOID.CLIENT_AUTH])
    pem = serialization.Encoding.PEM
    return {
        "ca": ca.public_bytes(pem),
        "server_cert": srv.public_bytes(pem),
        "server_key": pem_key(srv_key),
        "client_cert": cli.public_bytes(pem),
        "client_key": pem_key(cli_key),
        "rogue_cert": rogue.public_bytes(pem),
        "rogue_key": pem_key(rogue_key),
    }


@pytest.fixture(scope="session")
def certs(tmp_path_factory):
    pytest.importorskip("cryptography", reason="certificate tests need the 'cryptography' package (test extra)")
    data = _make_certs()
    d = tmp_path_factory.mktemp("certs")
    out = dict(data)
    for name, blob in data.items():
        p = d / f"{name}.pem"
        p.write_bytes(blob)
        out[f"{name}_path"] = str(p)
    return out


# -- `clinverify serve` in a subprocess -------------------------------------------------------------

LISTENING = re.compile(r"listening on (\S+):(\d+)")


class ServeProcess:
    """``clinverify serve --host 127.0.0.1 --port 0 ARGS`` in its own session; ``address`` is
    what it printed ("listening on HOST:PORT"); stderr keeps being read so it never blocks."""

    def __init__(self, *args: str, env: dict | None = None, timeout: float = 60.0):
        cmd = [sys.executable, "-P", "-m", "clinverify.clients", "serve", "--host", "127.0.0.1", "--port", "0", *args]
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True, env={**os.environ, **(env or {})}
        )
        self.lines: list[str] = []
        self.address: str | None = None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                if self.proc.poll() is not None:
                    break
                continue
            self.lines.append(line)
            m = LISTENING.search(line)
            if m:
                self.address = f"{m.group(1)}:{m.group(2)}"
                break
        if self.address is None:
            self.kill()
            raise RuntimeError("clinverify serve did not start:\n" + "".join(self.lines))
        self._drainer = threading.Thread(target=self._drain, daemon=True)
        self._drainer.start()

    def _drain(self) -> None:
        for line in self.proc.stderr:
            self.lines.append(line)

    @property
    def stderr(self) -> str:
        return "".join(self.lines)

    def signal(self, sig=signal.SIGTERM) -> None:
        self.proc.send_signal(sig)

    def wait(self, timeout: float = 30.0) -> int:
        rc = self.proc.wait(timeout)
        self._drainer.join(5)
        return rc

    def stop(self) -> int | None:
        """SIGTERM (graceful drain), then SIGKILL if it has not exited in 20 s; the exit code."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.proc.returncode

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)


def _started(stop):
    made: list[ServeProcess] = []

    def start(*args: str, env: dict | None = None) -> ServeProcess:
        p = ServeProcess(*args, env=env)
        made.append(p)
        return p

    yield start
    for p in made:
        if stop == "kill":
            p.kill()
        else:
            p.stop()


@pytest.fixture
def serve_process():
    """Factory: serve_process(*serve_args) -> a started ServeProcess (killed afterwards)."""
    yield from _started("kill")


@pytest.fixture(scope="session")
def serve_process_session():
    """The same for a server shared by a whole session (stopped gracefully at the end)."""
    yield from _started("stop")
