"""`armstrail export --format prov` parsed back with rdflib and asked, in SPARQL, what a reader of
the evidence base asks: who is the original source of this claim, through whom did it reach the
article, what made the claim."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV

from armstrail.export.prov import CONTEXT, NS, claim_nodes
from armstrail.model import Claim, Source
from armstrail.store import StoredClaim, open_store, stored_claims

Export = Callable[[str], str]  # the export_text fixture

# rdflib's own JSON-LD parser builds a ConjunctiveGraph, which rdflib itself deprecates
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def sparql(body: str) -> str:
    return f"""
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX armstrail: <{NS}>
{body}"""


# The innermost statement of the claim's chain (the article itself for an own-voice claim) and
# the agent it is attributed to.
ORIGINAL_SOURCE = sparql("""
SELECT ?claimId ?name WHERE {
  ?claim armstrail:claimId ?claimId ; prov:hadPrimarySource ?statement .
  ?statement prov:wasAttributedTo ?agent .
  ?agent rdfs:label ?name .
}""")
# The same answer found by walking the quotations: the statement nobody is quoted from further.
END_OF_QUOTATIONS = sparql("""
SELECT ?name WHERE {
  ?claim armstrail:claimId ?claimId ; prov:wasQuotedFrom* ?statement .
  FILTER NOT EXISTS { ?statement prov:wasQuotedFrom ?further }
  ?statement prov:wasAttributedTo ?agent .
  ?agent rdfs:label ?name .
}""")
# A claim's chain, outermost first: the statements it is quoted from, by their position.
CHAIN = sparql("""
SELECT ?position ?name WHERE {
  ?claim armstrail:claimId ?claimId ; prov:wasQuotedFrom+ ?statement .
  ?statement armstrail:chainPosition ?position ; prov:wasAttributedTo/rdfs:label ?name .
} ORDER BY ?position""")


@pytest.fixture(scope="module")
def graph(export_text: Export) -> Graph:
    return Graph().parse(data=export_text("prov"), format="json-ld")


@pytest.fixture(scope="module")
def stored(db: str) -> list[StoredClaim]:
    return stored_claims(open_store(db, create=False))


def _one(graph: Graph, query: str, claim: StoredClaim) -> str:
    rows = [str(row[-1]) for row in graph.query(query, initBindings={"claimId": Literal(claim.id)})]
    assert len(rows) == 1, (claim.id, rows)
    return rows[0]


def test_the_output_is_prov_o_json_ld_with_every_claim(graph: Graph, stored: list[StoredClaim]) -> None:
    claims = set(graph.subjects(RDF.type, URIRef(NS + "Claim")))
    assert len(claims) == len(stored)
    assert all((c, RDF.type, PROV.Entity) in graph for c in claims)
    # every PROV term used is one PROV-O defines (a typo would be silently new vocabulary)
    prov_terms = {t for triple in graph for t in triple if isinstance(t, URIRef) and t.startswith(str(PROV))}
    assert prov_terms and all(term in PROV for term in prov_terms)


def test_two_exports_are_the_same_document(export_text: Export) -> None:
    assert export_text("prov") == export_text("prov")


def test_the_original_source_of_a_relayed_claim_is_the_last_link_of_its_chain(
    graph: Graph, stored: list[StoredClaim]
) -> None:
    relayed = next(s for s in stored if len(s.claim.sources) >= 2)
    innermost = relayed.claim.sources[-1].name
    assert _one(graph, ORIGINAL_SOURCE, relayed) == innermost
    assert _one(graph, END_OF_QUOTATIONS, relayed) == innermost


def test_an_own_voice_claim_comes_from_the_outlet(graph: Graph, stored: list[StoredClaim]) -> None:
    own = next(s for s in stored if not s.claim.sources)
    assert own.outlet
    assert _one(graph, ORIGINAL_SOURCE, own) == own.outlet
    assert _one(graph, END_OF_QUOTATIONS, own) == own.outlet


def test_every_claim_has_its_original_source_and_its_whole_chain_in_order(
    graph: Graph, stored: list[StoredClaim]
) -> None:
    originals = {str(claim_id): str(name) for claim_id, name in graph.query(ORIGINAL_SOURCE)}
    for claim in stored:
        sources = claim.claim.sources
        assert originals[claim.id] == (sources[-1].name if sources else claim.outlet)
        found = graph.query(CHAIN, initBindings={"claimId": Literal(claim.id)})
        assert [(int(p), str(n)) for p, n in found] == [(i, s.name) for i, s in enumerate(sources, start=1)]


def test_every_claim_was_made_by_its_extractor_from_its_article(
    graph: Graph, stored: list[StoredClaim]
) -> None:
    query = sparql("""
    SELECT ?claimId ?extractor ?articleId WHERE {
      ?claim armstrail:claimId ?claimId ; prov:wasGeneratedBy ?extraction ; prov:wasDerivedFrom ?article .
      ?extraction prov:used ?article ; prov:wasAssociatedWith ?software .
      ?software a prov:SoftwareAgent ; rdfs:label ?extractor .
      ?article armstrail:articleId ?articleId .
    }""")
    made = {str(c): (str(e), str(a)) for c, e, a in graph.query(query)}
    assert made == {s.id: (s.claim.extractor, s.article_id) for s in stored}


def test_stance_evidence_and_offsets_are_recorded(graph: Graph, stored: list[StoredClaim]) -> None:
    query = sparql("""
    SELECT ?claimId ?stance ?evidence ?start ?end WHERE {
      ?claim armstrail:claimId ?claimId ; armstrail:stance ?stance ; armstrail:evidence ?evidence ;
             armstrail:evidenceStart ?start ; armstrail:evidenceEnd ?end .
    }""")
    recorded = {str(c): (str(s), str(e), int(a), int(b)) for c, s, e, a, b in graph.query(query)}
    assert recorded == {s.id: (s.claim.stance, s.claim.evidence, s.claim.start, s.claim.end) for s in stored}


def _relayed(article: str, sources: tuple[Source, ...]) -> StoredClaim:
    claim = Claim(
        type="TRANSFER",
        agent="IRN",
        recipient="RUS",
        item="uav",
        item_category="uav",
        quantity=None,
        when=None,
        status="occurred",
        stance="asserts",
        sources=sources,
        evidence="Iran sent drones, Reuters reported, citing a source.",
        start=0,
        end=52,
        extractor="armstrail-hybrid/0.3.0",
    )
    return StoredClaim(f"{article}#0", article, f"Outlet of {article}", date(2024, 1, 2), claim)


def test_named_sources_are_one_agent_everywhere_described_ones_one_per_article() -> None:
    chain = (Source("Reuters", "media"), Source("a source familiar with the matter", "anonymous"))
    nodes = [node for article in ("a", "b") for node in claim_nodes(_relayed(article, chain))]
    graph = Graph().parse(data=json.dumps({"@context": CONTEXT, "@graph": nodes}), format="json-ld")
    speakers = sparql("""
    SELECT DISTINCT ?name ?agent WHERE {
      ?statement armstrail:chainPosition ?position ; prov:wasAttributedTo ?agent .
      ?agent rdfs:label ?name .
    }""")
    agents: dict[str, set[str]] = {}
    for name, agent in graph.query(speakers):
        agents.setdefault(str(name), set()).add(str(agent))
    assert len(agents["Reuters"]) == 1
    assert len(agents["a source familiar with the matter"]) == 2
