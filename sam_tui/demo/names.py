"""The demo's names and data: companies, people, touches, promises, complaints, prospects,
requests, ideas, deals and objectives, in the order the generators draw from them.

Order matters: the generators pick by position from a seeded random source, so the same
seed gives the same portfolio only while these lists keep their order. Append; do not sort.
"""

from __future__ import annotations

import random

PREFIXES = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Hooli",
    "Vandelay",
    "Wonka",
    "Oscorp",
    "Nakatomi",
    "Gringotts",
    "Monarch",
    "Aperture",
    "Massive",
    "Blue Sun",
    "Virtucon",
    "Pied Piper",
    "Dunder",
    "Prestige",
    "Sirius",
    "Ollivander",
    "Nordwind",
    "Helios",
    "Kestrel",
    "Meridian",
    "Arden",
    "Brightwater",
    "Cobalt",
    "Halcyon",
]
SUFFIXES = [
    "Corp",
    "Industries",
    "Logistics",
    "Health",
    "Energy",
    "Foods",
    "Systems",
    "Bank",
    "Retail",
    "Pharma",
    "Motors",
    "Telecom",
    "Insurance",
    "Aerospace",
    "Labs",
    "Group",
]
INDUSTRY = {
    "Logistics": "Logistics",
    "Health": "Healthcare",
    "Energy": "Energy",
    "Foods": "Food & Bev",
    "Systems": "Software",
    "Bank": "Financial services",
    "Retail": "Retail",
    "Pharma": "Pharma",
    "Motors": "Automotive",
    "Telecom": "Telecom",
    "Insurance": "Insurance",
    "Aerospace": "Aerospace",
    "Labs": "Biotech",
    "Corp": "Manufacturing",
    "Industries": "Manufacturing",
    "Group": "Conglomerate",
}
REGIONS = ["North America", "EMEA", "DACH", "Nordics", "UK & Ireland", "APAC", "LATAM"]
FIRST = [
    "Jane",
    "Omar",
    "Priya",
    "Lars",
    "Mei",
    "Carlos",
    "Sophie",
    "Tom",
    "Aisha",
    "Jonas",
    "Elena",
    "Marcus",
    "Yuki",
    "Grace",
    "Pedro",
    "Hannah",
    "Ravi",
    "Chloe",
    "Felix",
    "Nadia",
    "Ben",
    "Ingrid",
    "Kwame",
    "Laura",
    "Diego",
    "Sara",
    "Hugo",
    "Fatima",
    "Ian",
    "Zoe",
]
LAST = [
    "Doe",
    "Haddad",
    "Sharma",
    "Nilsson",
    "Chen",
    "Ruiz",
    "Martin",
    "Becker",
    "Okafor",
    "Weber",
    "Rossi",
    "Brown",
    "Tanaka",
    "Kim",
    "Silva",
    "Schmidt",
    "Patel",
    "Dubois",
    "Novak",
    "Ali",
    "Larsen",
    "Mensah",
    "Garcia",
    "Costa",
    "Moreau",
    "Khan",
    "Murphy",
    "Fischer",
    "Evans",
    "Sato",
]
ROLES = [
    ("CFO", "decision-maker"),
    ("CIO", "decision-maker"),
    ("COO", "decision-maker"),
    ("VP Procurement", "influencer"),
    ("Head of Operations", "champion"),
    ("IT Director", "champion"),
    ("Procurement Manager", "gatekeeper"),
    ("Finance Controller", "user"),
    ("Program Manager", "user"),
    ("Legal Counsel", "blocker"),
]
TOUCHES = [
    ("call", "Weekly check-in: adoption on track", 0),
    ("call", "Discussed Q{q} priorities and budget timing", 0),
    ("email", "Sent the usage report and renewal options", 0),
    ("meeting", "Workshop on the rollout to two more sites", 1),
    ("meeting", "Roadmap review with their product team", 1),
    ("qbr", "QBR: value delivered, next-year goals agreed", 1),
    ("visit", "On-site visit, met the operations team", 1),
    ("chat", "Quick question on invoicing answered", 0),
    ("email", "Followed up on the security questionnaire", 0),
    ("call", "Escalation about delivery delays, agreed a recovery plan", -1),
    ("call", "Pricing pushback on the expansion quote", -1),
    ("note", "Heard through a partner they are evaluating a competitor", -1),
    ("call", "CFO agreed to a pilot in the new region", 1),
    ("email", "Shared the case study they asked for", 0),
]
FOLLOW_UPS = [
    "Send the revised proposal",
    "Book the QBR",
    "Share the pilot success criteria",
    "Confirm renewal terms with procurement",
    "Introduce our solutions architect",
    "Chase the signed order form",
    "Send the security documentation",
    "Check in after the go-live",
    "Prepare the expansion business case",
    "Reply on the pricing question",
    "Set up the executive sponsor call",
]
COMPLAINTS = [
    ("Invoices sent to the wrong cost centre", "finance"),
    ("Delivery two weeks late for the Berlin site", "logistics"),
    ("Outage during month-end close", "support"),
    ("Support tickets left unanswered for days", "support"),
    ("Quality issue on the last batch", "operations"),
    ("Data export missing fields since the update", "product"),
    ("Billing doubled after the contract change", "finance"),
    ("Onboarding consultant cancelled twice", "services"),
]


# name, industry, stage, days in the pipeline, fit reason, value estimate (whole units)
PROSPECTS = [
    (
        "Adatum Freight",
        "Logistics",
        "identified",
        6,
        "Runs 40 depots on spreadsheets, like Acme before us",
        600_000,
    ),
    (
        "Contoso Pharma",
        "Pharma",
        "researching",
        25,
        "New cold-chain mandate from their regulator",
        900_000,
    ),
    (
        "Fabrikam Energy",
        "Energy",
        "contacted",
        40,
        "Their COO moved from one of our best accounts",
        750_000,
    ),
    (
        "Tailspin Aerospace",
        "Aerospace",
        "meeting",
        70,
        "Consolidating five suppliers into one next year",
        1_400_000,
    ),
    (
        "Litware Systems",
        "Software",
        "qualified",
        95,
        "Budget approved for H1; we fit their security checklist",
        500_000,
    ),
    (
        "Proseware Health",
        "Healthcare",
        "disqualified",
        50,
        "Growing fast in our strongest region",
        300_000,
    ),
    (
        "Wingtip Retail",
        "Retail",
        "converted",
        120,
        "Same store footprint as our retail references",
        450_000,
    ),
]


REQUESTS = [
    # team, ask, days since asked, due in (days), status, outcome
    ("finance", "Reissue the October invoices to the right cost centre", 9, -4, "open", None),
    (
        "product",
        "Roadmap date for the bulk export API",
        20,
        -2,
        "blocked",
        "Waiting for the Q1 planning decision",
    ),
    ("support", "Dedicated support engineer during their go-live week", 5, 6, "open", None),
    ("legal", "Redline of the data processing addendum", 12, -1, "open", None),
    (
        "logistics",
        "Root cause of the Berlin delivery delay",
        3,
        4,
        "blocked",
        "Carrier has not sent its report yet",
    ),
    (
        "finance",
        "Credit note for the delayed delivery",
        30,
        -20,
        "done",
        "Credit note CN-2211 sent to the client",
    ),
    ("product", "Add their two fields to the standard export", 14, 10, "open", None),
]
IDEAS = [
    ("Consolidate their three contracts into one master agreement",
     "They pay three invoices and renew on three dates", "proposed"),
    ("Pilot the analytics add-on at the Lyon site", None, "discussed"),
    ("Offer a multi-year renewal with a volume discount",
     "Their CFO asked about budget certainty", "accepted"),
    ("Replace their in-house reporting with our dashboards", None, "rejected"),
    ("Training programme for their new planners", "Onboarding 20 people in Q1", "proposed"),
    ("Extend the pilot to the APAC warehouses", None, "discussed"),
]  # fmt: skip


DEAL_NAMES = [
    "Platform expansion",
    "Multi-year renewal",
    "Analytics add-on",
    "New region rollout",
    "Premium support upgrade",
    "Pilot to production",
    "Integration package",
    "Training programme",
    "Security module",
    "Data migration",
    "Second business unit",
    "Managed service",
]
LOST_REASONS = ["Lost to a competitor on price", "Budget frozen", "No decision: project shelved"]


# (title, unit, target, share of the target done per share of time gone, start and due
# in days from today): on-track, at-risk, off-track, achieved
OBJECTIVES = [
    ("Onboard 200 users on the new platform", "users", 200, 1.1, -60, 90),
    ("Raise their NPS to 50", "NPS", 50, 0.8, -90, 30),
    ("Run 4 executive workshops", "workshops", 4, 0.3, -150, 30),
    ("Expand to 3 new sites", "sites", 3, None, -120, 60),
]


def company_names(rng: random.Random, n: int) -> list[str]:
    combos = [f"{p} {s}" for p in PREFIXES for s in SUFFIXES]
    rng.shuffle(combos)
    if n <= len(combos):
        return combos[:n]
    # large portfolios (benchmarks): regions keep names readable and unique
    out = list(combos)
    round_ = 0
    while len(out) < n:
        region = REGIONS[round_ % len(REGIONS)]
        tag = f" {round_ // len(REGIONS) + 2}" if round_ >= len(REGIONS) else ""
        out.extend(f"{c} {region}{tag}" for c in combos[: n - len(out)])
        round_ += 1
    return out
