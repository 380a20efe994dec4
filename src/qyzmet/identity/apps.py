from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "qyzmet.identity"
    label = "identity"
    verbose_name = "Identity protocols and signature verification"

    def ready(self) -> None:
        from qyzmet.identity.eds.xmldsig import XmlDsigVerifier
        from qyzmet.identity.verifiers import verifiers

        if XmlDsigVerifier.name not in verifiers:
            verifiers.register(XmlDsigVerifier())
