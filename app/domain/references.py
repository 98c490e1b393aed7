"""The official guides a question may cite, by stable key.

A question cites a guide by key and section (``{guide: ANSSI-HYGIENE, section: "Mesure 37"}``);
the full title is printed in the report. Texts are cited, never copied. Keys stay when a title
changes (``NCSC-CH``: the Swiss centre became the Federal Office for Cyber Security, OFCS /
BACS / UFCS, on 1 January 2024). Laws are cited like guides, by article (``CSP``, ``CPCH``…).
"""

from __future__ import annotations

GUIDES: dict[str, str] = {
    "ANSSI-HYGIENE": "ANSSI — Guide d'hygiène informatique (42 mesures)",
    "ANSSI-TPE": "ANSSI / CPME — Guide des bonnes pratiques de l'informatique (TPE/PME)",
    "ANSSI-RANSOMWARE": "ANSSI — Attaques par rançongiciels, tous concernés",
    "CNIL-SECURITE": "CNIL — Guide de la sécurité des données personnelles",
    "CNIL-MEDECINS": "CNIL — Guide pratique pour les professionnels de santé",
    "ANS-MEMENTO": "ANS — Mémento de sécurité informatique pour les professionnels de santé "
    "en exercice libéral (PGSSI-S)",
    "ANS-PGSSI": "ANS — Politique générale de sécurité des SI de santé (PGSSI-S)",
    "FMH-MINIMUM": "FMH — Exigences minimales pour la sécurité informatique des cabinets "
    "médicaux",
    "NCSC-CH": "OFCS (Office fédéral de la cybersécurité, BACS / UFCS, ex-NCSC) — "
    "Recommandations aux PME et signalement",
    "CYBERMALVEILLANCE": "cybermalveillance.gouv.fr — Fiches réflexes et bonnes pratiques",
    "NIST-800-63B": "NIST SP 800-63B — Digital Identity Guidelines (authenticators)",
    "RGPD": "Règlement (UE) 2016/679 (RGPD)",
    "NLPD": "Loi fédérale sur la protection des données (nLPD / revDSG)",
    "OPDO": "Ordonnance sur la protection des données (OPDo)",
    "ANSSI-AUTH": "ANSSI — Recommandations relatives à l'authentification multifacteur et aux "
    "mots de passe",
    "ANS-HDS": "ANS — Référentiel de certification des hébergeurs de données de santé (HDS)",
    "CNIL-REF-CABINETS": "CNIL — Référentiel relatif aux traitements de données personnelles "
    "destinés à la gestion des cabinets médicaux et paramédicaux",
    "PFPDT-TOM": "PFPDT — Guide relatif aux mesures techniques et organisationnelles de la "
    "protection des données",
    "ANSSI-IAG": "ANSSI — Recommandations de sécurité pour un système d'IA générative (2024)",
    "ANSSI-CRISE": "ANSSI — Organiser un exercice de gestion de crise cyber",
    "CSP": "Code de la santé publique (France)",
    "CPFR": "Code pénal (France)",
    "CPCH": "Code pénal suisse (CP / StGB)",
    "LDEP": "Loi fédérale sur le dossier électronique du patient (LDEP / EPDG)",
}
