"""The vocabulary of the W3C SPARQL test manifests (shared/w3c/README.md explains the encoding)."""

from rdflib import Namespace

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

# mf:expectedStatus values: a class of codes or one code.
STATUS = {HTS.OK: {200}, HTS.Created: {201}, HTS.NoContent: {204}, HTS.NotFound: {404},
          HTS.StatusCode2xx: set(range(200, 300)), HTS.StatusCode3xx: set(range(300, 400)),
          HTS.StatusCode4xx: set(range(400, 500))}
TOKEN = "w3c-test-token"  # the update token the runners configure
