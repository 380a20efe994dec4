"""EDS: signatures made with a qualified X.509 certificate of the national CA (NCA RK), as
NCALayer makes them (XML, XMLDSig enveloped, the signer's certificate in ``KeyInfo``).

- ``certificates``: whom a certificate names (IIN, BIN, name, role in the company), read from
  its subject and extended key usage as NCA RK writes them.
- ``validation``: the certificate's path to the configured CA certificates, its validity at
  the checking time, its key usage and its revocation (OCSP and CRL, hard-fail), through
  pyhanko-certvalidator.
- ``xmldsig``: the ``xmldsig`` signature verifier (signxml), registered in
  ``identity.verifiers.verifiers``.
"""
