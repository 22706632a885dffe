"""Word lists and tag taxonomy for ``bench/make_corpus.py``.

Every vocabulary entry is an aligned ``"french:english"`` pair, so that an
article body generated as a sequence of entry indices can be rendered in both
languages (the English twin is a word-for-word "translation" of the French
original and shares its topics).  Entries are single tokens (no spaces);
hyphenated words are allowed.

Nothing here is random: the generator derives everything from these lists
plus a seed, so editing a list changes the generated corpus.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Tag taxonomy
# ---------------------------------------------------------------------------
# (id, parent, label_fr, label_en, aliases, description_fr, description_en)
# ids: lowercase ASCII with hyphens.  No two concepts may share a label or an
# alias once normalised (lowercase, accents stripped, spaces/hyphens/
# underscores equivalent) -- checked by make_corpus.check_taxonomy().

PARENT_CONCEPTS = [
    (
        "collaboration",
        None,
        "Collaboration",
        "Collaboration",
        ["travail collaboratif", "teamwork"],
        "Outils et pratiques du travail en équipe.",
        "Tools and practices for working together.",
    ),
    (
        "communication",
        None,
        "Communication",
        "Communication",
        ["comm", "communications"],
        "Échanges et diffusion de l'information.",
        "Exchanging and spreading information.",
    ),
    (
        "securite",
        None,
        "Sécurité",
        "Security",
        ["sécurité informatique", "cybersécurité", "cybersecurity", "infosec"],
        "Protection des systèmes, des comptes et des données.",
        "Protecting systems, accounts and data.",
    ),
    (
        "infrastructure",
        None,
        "Infrastructure",
        "Infrastructure",
        ["infra", "infrastructures"],
        "Serveurs, réseaux et hébergement.",
        "Servers, networks and hosting.",
    ),
    (
        "donnees",
        None,
        "Données",
        "Data",
        ["gestion des données", "data management"],
        "Stockage, analyse et valorisation des données.",
        "Storing, analysing and using data.",
    ),
    (
        "gestion-de-projet",
        None,
        "Gestion de projet",
        "Project management",
        ["gestion de projets", "pilotage de projet", "pm"],
        "Méthodes et outils pour mener les projets.",
        "Methods and tools to run projects.",
    ),
    (
        "ressources-humaines",
        None,
        "Ressources humaines",
        "Human resources",
        ["rh", "hr"],
        "Recrutement, formation et vie au travail.",
        "Hiring, training and life at work.",
    ),
    (
        "developpement",
        None,
        "Développement logiciel",
        "Software development",
        ["programmation", "programming", "dev"],
        "Conception et réalisation de logiciels.",
        "Designing and building software.",
    ),
    (
        "qualite",
        None,
        "Qualité",
        "Quality",
        ["démarche qualité", "quality assurance"],
        "Amélioration des services et satisfaction des utilisateurs.",
        "Improving services and user satisfaction.",
    ),
    (
        "strategie",
        None,
        "Stratégie",
        "Strategy",
        ["stratégie numérique", "digital strategy"],
        "Orientations, gouvernance et choix à long terme.",
        "Direction, governance and long-term choices.",
    ),
]

GENERIC_CONCEPTS = [
    (
        "bonnes-pratiques",
        None,
        "Bonnes pratiques",
        "Best practices",
        ["recommandations", "good practices"],
        "Conseils éprouvés et recommandations.",
        "Proven advice and recommendations.",
    ),
    (
        "retour-d-experience",
        None,
        "Retour d'expérience",
        "Lessons learned",
        ["rex", "retex", "experience report"],
        "Ce que nous avons appris sur le terrain.",
        "What we learned in the field.",
    ),
    ("innovation", None, "Innovation", "Innovation", ["innovations"], None, None),
    (
        "transformation-numerique",
        None,
        "Transformation numérique",
        "Digital transformation",
        ["transformation digitale", "digitalisation", "digitalization"],
        None,
        None,
    ),
    ("outils", None, "Outils", "Tools", ["outillage", "tooling"], None, None),
    (
        "tutoriel",
        None,
        "Tutoriel",
        "Tutorial",
        ["tuto", "how-to", "guide pratique"],
        "Guides pas à pas.",
        "Step-by-step guides.",
    ),
    (
        "etude-de-cas",
        None,
        "Étude de cas",
        "Case study",
        ["cas client", "case studies"],
        None,
        None,
    ),
]

CHILD_CONCEPTS = [
    # collaboration
    (
        "intranet",
        "collaboration",
        "Intranet",
        "Intranet",
        ["intranets", "portail intranet"],
        None,
        None,
    ),
    (
        "reseaux-sociaux",
        "collaboration",
        "Réseaux sociaux",
        "Social networks",
        ["réseau social d'entreprise", "rse", "social media"],
        None,
        None,
    ),
    (
        "travail-a-distance",
        "collaboration",
        "Travail à distance",
        "Remote work",
        ["télétravail", "remote", "home office"],
        None,
        None,
    ),
    (
        "gestion-documentaire",
        "collaboration",
        "Gestion documentaire",
        "Document management",
        ["ged", "gestion électronique des documents", "dms"],
        None,
        None,
    ),
    (
        "wiki",
        "collaboration",
        "Wiki",
        "Wiki",
        ["wikis", "base de connaissances", "knowledge base"],
        None,
        None,
    ),
    # communication
    (
        "messagerie",
        "communication",
        "Messagerie",
        "Email",
        ["courriel", "mail", "messagerie électronique"],
        None,
        None,
    ),
    (
        "messagerie-instantanee",
        "communication",
        "Messagerie instantanée",
        "Instant messaging",
        ["tchat", "chat", "im"],
        None,
        None,
    ),
    (
        "visioconference",
        "communication",
        "Visioconférence",
        "Video conferencing",
        ["visio", "webconférence", "videoconference"],
        None,
        None,
    ),
    (
        "communication-interne",
        "communication",
        "Communication interne",
        "Internal communication",
        ["comm interne", "internal comms"],
        None,
        None,
    ),
    (
        "evenementiel",
        "communication",
        "Événementiel",
        "Events",
        ["événements", "séminaires", "webinaires"],
        None,
        None,
    ),
    # securite
    (
        "authentification",
        "securite",
        "Authentification",
        "Authentication",
        ["sso", "authentification unique", "mfa", "single sign-on"],
        None,
        None,
    ),
    (
        "protection-des-donnees",
        "securite",
        "Protection des données",
        "Data protection",
        ["rgpd", "gdpr", "vie privée", "privacy"],
        None,
        None,
    ),
    (
        "chiffrement",
        "securite",
        "Chiffrement",
        "Encryption",
        ["cryptographie", "cryptography", "tls"],
        None,
        None,
    ),
    (
        "sauvegarde",
        "securite",
        "Sauvegarde",
        "Backup",
        ["sauvegardes", "backups", "plan de reprise", "disaster recovery"],
        None,
        None,
    ),
    (
        "gestion-des-incidents",
        "securite",
        "Gestion des incidents",
        "Incident management",
        ["incidents", "astreinte", "on-call"],
        None,
        None,
    ),
    # infrastructure
    (
        "cloud",
        "infrastructure",
        "Informatique en nuage",
        "Cloud computing",
        ["cloud", "nuage", "saas"],
        None,
        None,
    ),
    (
        "reseau",
        "infrastructure",
        "Réseau",
        "Networking",
        ["réseaux informatiques", "lan", "wifi"],
        None,
        None,
    ),
    (
        "virtualisation",
        "infrastructure",
        "Virtualisation",
        "Virtualization",
        ["machines virtuelles", "virtual machines", "vm"],
        None,
        None,
    ),
    (
        "conteneurs",
        "infrastructure",
        "Conteneurs",
        "Containers",
        ["docker", "kubernetes", "conteneurisation"],
        None,
        None,
    ),
    (
        "supervision",
        "infrastructure",
        "Supervision",
        "Monitoring",
        ["métriques", "observabilité", "observability", "alerting"],
        None,
        None,
    ),
    (
        "qualite-de-service",
        "infrastructure",
        "Qualité de service",
        "Quality of service",
        ["qos", "sla", "availability"],
        None,
        None,
    ),
    # donnees
    (
        "bases-de-donnees",
        "donnees",
        "Bases de données",
        "Databases",
        ["sgbd", "sql", "base de données"],
        None,
        None,
    ),
    (
        "analyse-de-donnees",
        "donnees",
        "Analyse de données",
        "Data analytics",
        ["analytique", "analytics", "statistiques", "business intelligence"],
        None,
        None,
    ),
    (
        "intelligence-artificielle",
        "donnees",
        "Intelligence artificielle",
        "Artificial intelligence",
        ["ia", "ai", "apprentissage automatique", "machine learning"],
        None,
        None,
    ),
    (
        "donnees-ouvertes",
        "donnees",
        "Données ouvertes",
        "Open data",
        ["opendata", "données publiques"],
        None,
        None,
    ),
    (
        "tableaux-de-bord",
        "donnees",
        "Tableaux de bord",
        "Dashboards",
        ["tableau de bord", "reporting", "kpi"],
        None,
        None,
    ),
    # gestion de projet
    (
        "methodes-agiles",
        "gestion-de-projet",
        "Méthodes agiles",
        "Agile methods",
        ["agilité", "agile", "scrum", "kanban"],
        None,
        None,
    ),
    (
        "planification",
        "gestion-de-projet",
        "Planification",
        "Planning",
        ["rétroplanning", "roadmap", "feuille de route"],
        None,
        None,
    ),
    (
        "gestion-des-risques",
        "gestion-de-projet",
        "Gestion des risques",
        "Risk management",
        ["risques", "analyse de risques", "risk assessment"],
        None,
        None,
    ),
    (
        "budget",
        "gestion-de-projet",
        "Budget",
        "Budgeting",
        ["budgets", "coûts", "costs"],
        None,
        None,
    ),
    # ressources humaines
    (
        "recrutement",
        "ressources-humaines",
        "Recrutement",
        "Recruitment",
        ["embauche", "hiring", "recrutements"],
        None,
        None,
    ),
    (
        "formation",
        "ressources-humaines",
        "Formation",
        "Training",
        ["e-learning", "formations", "formation continue"],
        None,
        None,
    ),
    (
        "integration-des-nouveaux",
        "ressources-humaines",
        "Intégration des nouveaux arrivants",
        "Onboarding",
        ["accueil des nouveaux", "nouveaux arrivants"],
        None,
        None,
    ),
    (
        "bien-etre-au-travail",
        "ressources-humaines",
        "Bien-être au travail",
        "Workplace well-being",
        ["qvt", "qualité de vie au travail", "wellbeing"],
        None,
        None,
    ),
    (
        "management",
        "ressources-humaines",
        "Management",
        "Leadership",
        ["encadrement", "managers"],
        None,
        None,
    ),
    # developpement
    (
        "tests-automatises",
        "developpement",
        "Tests automatisés",
        "Automated testing",
        ["tests unitaires", "unit tests", "testing"],
        None,
        None,
    ),
    (
        "integration-continue",
        "developpement",
        "Intégration continue",
        "Continuous integration",
        ["ci", "ci-cd", "déploiement continu", "devops"],
        None,
        None,
    ),
    (
        "api",
        "developpement",
        "API",
        "APIs",
        ["api rest", "interfaces de programmation", "web services"],
        None,
        None,
    ),
    (
        "developpement-web",
        "developpement",
        "Développement web",
        "Web development",
        ["web", "frontend", "sites web"],
        None,
        None,
    ),
    (
        "logiciel-libre",
        "developpement",
        "Logiciel libre",
        "Open source",
        ["logiciels libres", "free software", "opensource"],
        None,
        None,
    ),
    (
        "accessibilite",
        "developpement",
        "Accessibilité",
        "Accessibility",
        ["a11y", "rgaa", "wcag"],
        None,
        None,
    ),
    # qualite
    (
        "amelioration-continue",
        "qualite",
        "Amélioration continue",
        "Continuous improvement",
        ["lean", "kaizen", "pdca"],
        None,
        None,
    ),
    (
        "support-utilisateur",
        "qualite",
        "Support utilisateur",
        "User support",
        ["assistance", "helpdesk", "service desk"],
        None,
        None,
    ),
    (
        "experience-utilisateur",
        "qualite",
        "Expérience utilisateur",
        "User experience",
        ["ux", "ergonomie", "usability"],
        None,
        None,
    ),
    (
        "documentation",
        "qualite",
        "Documentation",
        "Documentation",
        ["docs", "documentation technique", "technical writing"],
        None,
        None,
    ),
    # strategie
    (
        "gouvernance",
        "strategie",
        "Gouvernance",
        "Governance",
        ["gouvernance si", "it governance"],
        None,
        None,
    ),
    (
        "conduite-du-changement",
        "strategie",
        "Conduite du changement",
        "Change management",
        ["accompagnement du changement"],
        None,
        None,
    ),
    (
        "developpement-durable",
        "strategie",
        "Développement durable",
        "Sustainability",
        ["green it", "numérique responsable", "sobriété numérique"],
        None,
        None,
    ),
    (
        "achats",
        "strategie",
        "Achats",
        "Procurement",
        ["appels d'offres", "fournisseurs", "purchasing"],
        None,
        None,
    ),
]

CONCEPTS = PARENT_CONCEPTS + GENERIC_CONCEPTS + CHILD_CONCEPTS

# ---------------------------------------------------------------------------
# Topic clusters
# ---------------------------------------------------------------------------
# (core concept ids (1-2), shared general tags (parent + generic concepts),
#  title nouns, other characteristic words).  Listed per parent; the generator
#  orders them round-robin across parents so that the first clusters used for
#  a small corpus span different categories.

CLUSTERS_BY_PARENT = {
    "collaboration": [
        (
            ["intranet"],
            ["collaboration", "outils", "transformation-numerique"],
            "portail:portal, annuaire:directory, rubrique:section, gabarit:template, "
            "arborescence:sitemap, extranet:extranet, webmestre:webmaster, "
            "contributeur:contributor",
            "navigation:navigation, bandeau:banner, favoris:bookmarks, accueil:homepage, "
            "widget:widget, éditorial:editorial, intranautes:intranauts, "
            "vitrine:showcase, personnalisation:personalization, menu:menu, "
            "référencement:indexing, moteur:engine, raccourci:shortcut, "
            "habilitation:entitlement, tuile:tile",
        ),
        (
            ["reseaux-sociaux"],
            ["collaboration", "innovation", "retour-d-experience"],
            "communauté:community, profil:profile, abonné:follower, fil:feed, "
            "publication:post, animateur:facilitator, influence:influence, "
            "mention:mention",
            "commentaire:comment, repartage:repost, notification:notification, "
            "viralité:virality, engagement:engagement, hashtag:hashtag, "
            "réaction:reaction, conversation:conversation, audience:audience, "
            "modération:moderation, tendance:trend, ambassadeur:ambassador, "
            "visibilité:visibility, réputation:reputation, recommandation:endorsement",
        ),
        (
            ["travail-a-distance", "messagerie-instantanee"],
            ["collaboration", "bonnes-pratiques", "outils"],
            "télétravail:telework, domicile:home, nomadisme:nomadism, "
            "coworking:coworking, distance:distance, connexion:connection, "
            "horaires:hours, isolement:loneliness",
            "flexibilité:flexibility, autonomie:autonomy, bureau:office, casque:headset, "
            "ordinateur:laptop, déconnexion:disconnection, trajet:commute, "
            "asynchrone:asynchronous, fuseau:timezone, présentiel:onsite, "
            "hybride:hybrid, équipement:equipment, ergonomique:ergonomic, tchat:chat, "
            "visio:videocall",
        ),
        (
            ["gestion-documentaire"],
            ["collaboration", "outils", "etude-de-cas"],
            "document:document, archive:archive, version:version, classement:filing, "
            "métadonnée:metadata, dossier:folder, numérisation:digitization, "
            "workflow:workflow",
            "indexation:cataloguing, conservation:preservation, signature:signature, "
            "circuit:routing, validation:approval, pdf:pdf, scanner:scanner, "
            "nommage:naming, traçabilité:traceability, verrouillage:checkout, "
            "coffre:vault, pièce-jointe:attachment, "
            "dématérialisation:dematerialization, original:original, gabarits:forms",
        ),
        (
            ["wiki", "documentation"],
            ["collaboration", "bonnes-pratiques", "tutoriel"],
            "wiki:wiki, fiche:entry, contribution:contribution, savoir:knowledge, "
            "glossaire:glossary, historique:history, révision:revision, syntaxe:markup",
            "encyclopédie:encyclopedia, catégorie:category, hyperlien:hyperlink, "
            "brouillon:draft, relecture:proofreading, expertise:expertise, "
            "transmission:handover, mémoire:memory, rédacteur:writer, "
            "sommaire:contents, balise:element, faq:faq, capitalisation:capitalization, "
            "référence:reference, modèle-de-page:page-template",
        ),
    ],
    "communication": [
        (
            ["messagerie"],
            ["communication", "bonnes-pratiques", "outils"],
            "courriel:email, boîte:mailbox, destinataire:recipient, "
            "expéditeur:sender, spam:spam, objet:subject, accusé:receipt, "
            "transfert:forwarding",
            "filtre:filter, archivage:archiving, quota:quota, antispam:antispam, "
            "calendrier:calendar, invitation:invitation, diffusion:mailing, "
            "copie:copy, relance:reminder, surcharge:overload, infobésité:infobesity, "
            "imap:imap, smtp:smtp, étiquette:label, webmail:webmail",
        ),
        (
            ["visioconference"],
            ["communication", "outils", "travail-a-distance"],
            "visioconférence:videoconference, caméra:camera, micro:microphone, "
            "salle:room, écran:screen, webinaire:webinar, enregistrement:recording, "
            "participant:participant",
            "son:audio, vidéo:video, invité:guest, sous-titrage:captioning, "
            "sourdine:mute, projecteur:projector, haut-parleur:loudspeaker, "
            "définition:definition, codec:codec, écho:echo, "
            "arrière-plan:background, modérateur:moderator, lien-de-connexion:join-link, "
            "jitsi:jitsi, teams:teams",
        ),
        (
            ["communication-interne"],
            ["communication", "retour-d-experience", "innovation"],
            "journal:newsletter, annonce:announcement, affichage:signage, "
            "campagne:campaign, lettre:letter, baromètre:barometer, "
            "porte-parole:spokesperson, charte:charter",
            "slogan:slogan, identité:identity, storytelling:storytelling, relais:relay, "
            "sondage:survey, écoute:listening, transparence:transparency, "
            "cohésion:cohesion, ton:tone, podcast:podcast, kakemono:rollup, "
            "brochure:brochure, rédaction:copywriting, message-clé:key-message, "
            "éditorialiste:columnist",
        ),
        (
            ["evenementiel"],
            ["communication", "etude-de-cas", "innovation"],
            "événement:event, séminaire:seminar, conférence:conference, salon:fair, "
            "inscription:registration, lieu:venue, programme:agenda, "
            "intervenant:presenter",
            "traiteur:catering, badge:badge, logistique:logistics, "
            "hébergement:accommodation, convention:convention, atelier:workshop, "
            "soirée:evening, keynote:keynote, stand:booth, billetterie:ticketing, "
            "animation:entertainment, plénière:plenary, table-ronde:roundtable, "
            "exposant:exhibitor, navette:shuttle",
        ),
    ],
    "securite": [
        (
            ["authentification"],
            ["securite", "bonnes-pratiques", "tutoriel"],
            "identifiant:login, jeton:token, session:session, compte:account, "
            "fédération:federation, biométrie:biometrics, facteur:factor, "
            "droit:permission",
            "ldap:ldap, kerberos:kerberos, oauth:oauth, saml:saml, "
            "déverrouillage:unlock, empreinte:fingerprint, otp:otp, clé:key, "
            "usurpation:spoofing, hameçonnage:phishing, révocation:revocation, "
            "provisionnement:provisioning, authentifier:authenticate, "
            "passphrase:passphrase, yubikey:yubikey",
        ),
        (
            ["protection-des-donnees", "chiffrement"],
            ["securite", "bonnes-pratiques", "etude-de-cas"],
            "confidentialité:confidentiality, consentement:consent, registre:register, "
            "traitement:processing, dpo:dpo, anonymisation:anonymization, "
            "chiffrement:encryption, fuite:leak",
            "pseudonymisation:pseudonymization, finalité:purpose, effacement:erasure, "
            "portabilité:portability, cnil:cnil, violation:breach, "
            "sous-traitant:processor, cookie:cookie, clause:clause, "
            "cryptographie:cryptography, certificat:certificate, "
            "minimisation:minimization, conformité:compliance, sanction:penalty, "
            "chiffré:encrypted",
        ),
        (
            ["sauvegarde"],
            ["securite", "infrastructure", "tutoriel"],
            "sauvegarde:backup, restauration:restore, réplication:replication, "
            "bande:tape, instantané:snapshot, reprise:recovery, sinistre:disaster, "
            "redondance:redundancy",
            "incrémentale:incremental, différentielle:differential, "
            "externalisation:offsite, baie:array, disque:disk, volume:volume, "
            "rétention:retention, rpo:rpo, rto:rto, intégrité:integrity, "
            "duplication:duplication, rançongiciel:ransomware, "
            "planificateur:scheduler, déduplication:deduplication, nas:nas",
        ),
        (
            ["gestion-des-incidents"],
            ["securite", "retour-d-experience", "qualite"],
            "incident:incident, astreinte:on-call, panne:outage, crise:crisis, "
            "escalade:escalation, diagnostic:diagnosis, post-mortem:postmortem, "
            "gravité:severity",
            "résolution:resolution, contournement:workaround, chronologie:timeline, "
            "cellule:taskforce, dégradation:degradation, rétablissement:restoration, "
            "bip:pager, procédure:runbook, criticité:criticality, itil:itil, "
            "symptôme:symptom, anomalie:anomaly, main-courante:logbook, "
            "urgence:emergency, coupure:cutoff",
        ),
    ],
    "infrastructure": [
        (
            ["cloud"],
            ["infrastructure", "transformation-numerique", "innovation"],
            "nuage:cloud, hébergeur:hosting, instance:instance, région:region, "
            "saas:saas, iaas:iaas, élasticité:elasticity, migration:migration",
            "abonnement:subscription, facturation:billing, serverless:serverless, "
            "multicloud:multicloud, souveraineté:sovereignty, stockage:storage, "
            "bucket:bucket, locataire:tenant, lambda:lambda, scalabilité:scalability, "
            "hyperscaler:hyperscaler, réversibilité:reversibility, "
            "datacenter:datacenter, paas:paas, zone:zone",
        ),
        (
            ["reseau"],
            ["infrastructure", "tutoriel", "outils"],
            "routeur:router, commutateur:switch, pare-feu:firewall, vpn:vpn, "
            "adresse:address, paquet:packet, câblage:cabling, "
            "bande-passante:bandwidth",
            "latence:latency, débit:throughput, protocole:protocol, dns:dns, "
            "dhcp:dhcp, vlan:vlan, fibre:fiber, wifi:wifi, borne:hotspot, "
            "topologie:topology, port:port, sous-réseau:subnet, passerelle:gateway, "
            "ping:ping, ipv6:ipv6",
        ),
        (
            ["virtualisation", "conteneurs"],
            ["infrastructure", "outils", "tutoriel"],
            "hyperviseur:hypervisor, machine:machine, conteneur:container, "
            "image:image, grappe:cluster, nœud:node, orchestrateur:orchestrator, "
            "pod:pod",
            "docker:docker, kubernetes:kubernetes, vmware:vmware, hôte:host, "
            "isolation:isolation, ram:ram, cpu:cpu, consolidation:consolidation, "
            "allocation:allocation, dépôt:registry, helm:helm, manifeste:manifest, "
            "namespace:namespace, proxmox:proxmox, vcpu:vcpu",
        ),
        (
            ["supervision", "qualite-de-service"],
            ["infrastructure", "outils", "qualite"],
            "supervision:monitoring, métrique:metric, sonde:probe, seuil:threshold, "
            "alerte:alert, disponibilité:availability, graphique:chart, "
            "journalisation:logging",
            "nagios:nagios, prometheus:prometheus, grafana:grafana, sla:sla, qos:qos, "
            "indisponibilité:downtime, collecte:collection, agent:agent, trace:trace, "
            "observabilité:observability, percentile:percentile, dérive:drift, "
            "capacité:capacity, charge:load, astreinte-réseau:network-duty",
        ),
    ],
    "donnees": [
        (
            ["bases-de-donnees"],
            ["donnees", "tutoriel", "bonnes-pratiques"],
            "base:database, table:table, requête:query, index:index, schéma:schema, "
            "transaction:transaction, jointure:join, colonne:column",
            "sql:sql, postgresql:postgresql, mysql:mysql, nosql:nosql, ligne:row, "
            "contrainte:constraint, vue:view, déclencheur:trigger, "
            "normalisation:normalization, verrou:lock, réplica:replica, "
            "partitionnement:partitioning, optimiseur:optimizer, curseur:cursor, "
            "sqlite:sqlite",
        ),
        (
            ["analyse-de-donnees", "tableaux-de-bord"],
            ["donnees", "etude-de-cas", "outils"],
            "analyse:analysis, indicateur:indicator, statistique:statistic, "
            "échantillon:sample, corrélation:correlation, visualisation:visualization, "
            "rapport:report, segmentation:segmentation",
            "moyenne:average, médiane:median, variance:variance, "
            "histogramme:histogram, kpi:kpi, cohorte:cohort, entrepôt:warehouse, "
            "extraction:extraction, pivot:pivot, agrégation:aggregation, "
            "dimension:dimension, reporting:reporting, prévision:forecast, "
            "écart:deviation, tableur:spreadsheet",
        ),
        (
            ["intelligence-artificielle"],
            ["donnees", "innovation", "transformation-numerique"],
            "modèle:model, algorithme:algorithm, apprentissage:learning, "
            "neurone:neuron, prédiction:prediction, classification:classification, "
            "entraînement:training, corpus:corpus",
            "inférence:inference, biais:bias, plongement:embedding, chatbot:chatbot, "
            "génératif:generative, paramètre:parameter, gpu:gpu, "
            "annotation:annotation, précision:precision, rappel:recall, "
            "transformeur:transformer, prompt:prompt, hallucination:hallucination, "
            "vecteur:vector, agentique:agentic",
        ),
        (
            ["donnees-ouvertes"],
            ["donnees", "etude-de-cas", "innovation"],
            "jeu:dataset, licence:license, réutilisation:reuse, ouverture:openness, "
            "collectivité:municipality, catalogue:catalog, producteur:producer, "
            "réutilisateur:reuser",
            "csv:csv, json:json, geojson:geojson, moissonnage:harvesting, "
            "citoyen:citizen, etalab:etalab, datagouv:datagouv, "
            "cartographie:mapping, géolocalisation:geolocation, recensement:census, "
            "hackathon:hackathon, interopérabilité:interoperability, "
            "fraîcheur:freshness, millésime:vintage, open-data:opendata",
        ),
    ],
    "gestion-de-projet": [
        (
            ["methodes-agiles"],
            ["gestion-de-projet", "bonnes-pratiques", "retour-d-experience"],
            "sprint:sprint, backlog:backlog, rétrospective:retrospective, "
            "scrum:scrum, itération:iteration, vélocité:velocity, récit:story, "
            "kanban:kanban",
            "mêlée:standup, incrément:increment, propriétaire:owner, coach:coach, "
            "estimation:estimate, poker:poker, burndown:burndown, "
            "démonstration:demo, cérémonie:ceremony, tableau:board, épique:epic, "
            "timebox:timebox, post-it:sticky-note, safe:safe, agiliste:agilist",
        ),
        (
            ["planification"],
            ["gestion-de-projet", "outils", "tutoriel"],
            "jalon:milestone, échéance:deadline, planning:schedule, gantt:gantt, "
            "lot:workpackage, livrable:deliverable, phase:phase, "
            "dépendance:dependency",
            "retard:delay, marge:slack, cadrage:scoping, jour-homme:man-day, "
            "arbitrage:tradeoff, priorisation:prioritization, "
            "séquencement:sequencing, affectation:assignment, avancement:progress, "
            "glissement:slippage, trimestre:quarter, lancement:kickoff, "
            "clôture:closure, rétroplanning:backplanning, charge-prévisionnelle:workload",
        ),
        (
            ["gestion-des-risques", "budget"],
            ["gestion-de-projet", "bonnes-pratiques", "strategie"],
            "risque:risk, menace:threat, probabilité:probability, "
            "vulnérabilité:vulnerability, matrice:matrix, atténuation:mitigation, "
            "exposition:exposure, scénario:scenario",
            "occurrence:occurrence, aléa:hazard, contingence:contingency, "
            "assurance:insurance, prudence:caution, fraude:fraud, "
            "résilience:resilience, continuité:continuity, ebios:ebios, "
            "appétence:appetite, cotation:rating, réserve:reserve, signal:signal, "
            "provision:provision, chiffrage:costing",
        ),
    ],
    "ressources-humaines": [
        (
            ["recrutement"],
            ["ressources-humaines", "retour-d-experience", "etude-de-cas"],
            "candidat:candidate, entretien:interview, poste:position, offre:opening, "
            "cv:resume, compétence:skill, cabinet:agency, sourcing:sourcing",
            "embauche:hiring, salaire:salary, cooptation:referral, vivier:pool, "
            "jury:panel, présélection:screening, stagiaire:intern, "
            "alternance:apprenticeship, attractivité:attractiveness, "
            "motivation:motivation, diplôme:degree, essai:probation, "
            "rémunération:compensation, titularisation:tenure, linkedin:linkedin",
        ),
        (
            ["formation"],
            ["ressources-humaines", "tutoriel", "innovation"],
            "formateur:trainer, module:module, cursus:curriculum, "
            "certification:certification, apprenant:learner, tutorat:mentoring, "
            "parcours:pathway, évaluation:assessment",
            "elearning:elearning, mooc:mooc, classe:classroom, quiz:quiz, "
            "pédagogie:pedagogy, exercice:exercise, diplômant:qualifying, cpf:cpf, "
            "cours:course, attestation:attestation, niveau:level, "
            "progression:progression, tuteur:tutor, ludification:gamification, "
            "micro-apprentissage:microlearning",
        ),
        (
            ["integration-des-nouveaux"],
            ["ressources-humaines", "bonnes-pratiques", "collaboration"],
            "arrivant:newcomer, parrain:buddy, livret:handbook, bienvenue:welcome, "
            "immersion:immersion, découverte:discovery, rituel:ritual, "
            "checklist:checklist",
            "visite:tour, présentation:introduction, organigramme:orgchart, "
            "culture:culture, valeurs:values, mentor:mentor, déjeuner:lunch, "
            "kit:kit, questionnaire:questionnaire, appropriation:ownership, "
            "sentiment:feeling, fidélisation:loyalty, binôme:pair, "
            "premier-jour:first-day, accueillir:welcoming",
        ),
        (
            ["bien-etre-au-travail", "management"],
            ["ressources-humaines", "retour-d-experience", "bonnes-pratiques"],
            "stress:stress, santé:health, équilibre:balance, fatigue:fatigue, "
            "épuisement:burnout, sommeil:sleep, bienveillance:kindness, "
            "reconnaissance:recognition",
            "sport:sport, pause:break, détente:relaxation, sophrologie:sophrology, "
            "méditation:meditation, posture:posture, manager:manager, "
            "solidarité:solidarity, qvt:qvt, absentéisme:absenteeism, sens:meaning, "
            "psychologue:psychologist, harcèlement:harassment, "
            "charge-mentale:mental-load, écoute-active:active-listening",
        ),
    ],
    "developpement": [
        (
            ["tests-automatises"],
            ["developpement", "bonnes-pratiques", "tutoriel"],
            "test:test, assertion:assertion, couverture:coverage, "
            "régression:regression, simulacre:mock, fixture:fixture, "
            "recette:uat, pytest:pytest",
            "junit:junit, selenium:selenium, bouchon:stub, unitaire:unit, "
            "fonctionnel:functional, bogue:bug, échec:failure, instable:flaky, "
            "tdd:tdd, oracle:oracle, paramétrage:parametrization, lanceur:runner, "
            "playwright:playwright, hypothesis:hypothesis, mutation:mutation",
        ),
        (
            ["integration-continue"],
            ["developpement", "outils", "retour-d-experience"],
            "pipeline:pipeline, déploiement:deployment, build:build, branche:branch, "
            "artefact:artifact, job:job, livraison:delivery, commit:commit",
            "git:git, jenkins:jenkins, gitlab:gitlab, fusion:merge, release:release, "
            "rollback:rollback, devops:devops, compilation:compilation, yaml:yaml, "
            "cache:cache, promotion:promotion, canari:canary, "
            "environnement:environment, automatisation:automation, runner:worker",
        ),
        (
            ["api"],
            ["developpement", "tutoriel", "outils"],
            "api:api, endpoint:endpoint, appel:call, payload:payload, "
            "webhook:webhook, versionnage:versioning, graphql:graphql, "
            "spécification:specification",
            "rest:rest, http:http, openapi:openapi, limitation:throttling, "
            "pagination:pagination, sérialisation:serialization, "
            "idempotence:idempotency, en-tête:header, statut:status, "
            "middleware:middleware, sdk:sdk, proxy:proxy, grpc:grpc, "
            "swagger:swagger, route:route",
        ),
        (
            ["developpement-web", "accessibilite"],
            ["developpement", "tutoriel", "bonnes-pratiques"],
            "navigateur:browser, html:html, css:css, javascript:javascript, "
            "framework:framework, composant:component, site:website, formulaire:form",
            "responsive:responsive, react:react, angular:angular, "
            "typescript:typescript, dom:dom, rendu:rendering, sélecteur:selector, "
            "accessibilité:accessibility, contraste:contrast, aria:aria, "
            "mobile:mobile, bundle:bundle, npm:npm, gabarit-html:html-template, "
            "lecteur-d-écran:screen-reader",
        ),
        (
            ["logiciel-libre"],
            ["developpement", "innovation", "etude-de-cas"],
            "mainteneur:maintainer, fork:fork, forge:forge, correctif:patch, "
            "linux:linux, distribution:distribution, fondation:foundation, "
            "source:source",
            "gpl:gpl, mit:mit, apache:apache, debian:debian, copyleft:copyleft, "
            "upstream:upstream, bénévole:volunteer, mécénat:sponsorship, libre:free, "
            "gratuit:gratis, écosystème:ecosystem, pérennité:longevity, "
            "relecteur:reviewer, paquetage:package, contributrice:contributor-woman",
        ),
    ],
    "qualite": [
        (
            ["amelioration-continue"],
            ["qualite", "bonnes-pratiques", "retour-d-experience"],
            "lean:lean, gaspillage:waste, kaizen:kaizen, standard:standard, "
            "pdca:pdca, audit:audit, norme:norm, flux:flow",
            "iso:iso, dysfonctionnement:malfunction, corrective:corrective, "
            "préventive:preventive, ishikawa:ishikawa, muda:muda, "
            "efficience:efficiency, optimisation:optimization, mesure:measurement, "
            "amélioration:improvement, excellence:excellence, "
            "non-conformité:nonconformity, gemba:gemba, cinq-s:five-s, "
            "goulot:bottleneck",
        ),
        (
            ["support-utilisateur"],
            ["qualite", "outils", "bonnes-pratiques"],
            "ticket:ticket, assistance:assistance, technicien:technician, "
            "hotline:hotline, demande:request, guichet:counter, file:queue, "
            "satisfaction:satisfaction",
            "dépannage:troubleshooting, télémaintenance:remote-assistance, "
            "réclamation:complaint, délai:turnaround, résolu:resolved, astuce:tip, "
            "mode-opératoire:procedure, réinitialisation:reset, "
            "imprimante:printer, poste-de-travail:workstation, glpi:glpi, "
            "incident-utilisateur:user-issue, catalogue-de-services:service-catalog, "
            "prise-en-main:takeover, niveau-un:first-line",
        ),
        (
            ["experience-utilisateur"],
            ["qualite", "innovation", "etude-de-cas"],
            "ergonomie:usability, persona:persona, maquette:mockup, "
            "prototype:prototype, wireframe:wireframe, interface:interface, "
            "design:design, interaction:interaction",
            "observation:observation, irritant:painpoint, heuristique:heuristic, "
            "figma:figma, clic:click, bouton:button, icône:icon, "
            "typographie:typography, couleur:color, lisibilité:readability, "
            "tri-par-cartes:card-sorting, empathie:empathy, émotion:emotion, "
            "friction:friction, parcours-client:customer-journey",
        ),
    ],
    "strategie": [
        (
            ["gouvernance"],
            ["strategie", "transformation-numerique", "etude-de-cas"],
            "comité:committee, décision:decision, pilotage:steering, "
            "schéma-directeur:masterplan, portefeuille:portfolio, mandat:mandate, "
            "responsabilité:accountability, doctrine:doctrine",
            "dsi:cio, urbanisation:urbanization, sponsor:sponsor, raci:raci, "
            "règlement:regulation, délégation:delegation, conseil:council, "
            "politique:policy, contrôle:control, alignement:alignment, cobit:cobit, "
            "exécutif:executive, arbitrage-budgétaire:budget-tradeoff, "
            "feuille-de-route:roadmap, instance-de-décision:decision-body",
        ),
        (
            ["conduite-du-changement"],
            ["strategie", "transformation-numerique", "retour-d-experience"],
            "changement:change, résistance:resistance, accompagnement:guidance, "
            "adoption:adoption, transformation:transformation, transition:transition, "
            "vision:vision, mobilisation:mobilization",
            "peur:fear, deuil:grief, courbe:curve, adhésion:buy-in, "
            "réorganisation:reorganization, incertitude:uncertainty, "
            "dialogue:dialogue, exemplarité:exemplarity, rumeur:rumor, "
            "inquiétude:concern, réticence:reluctance, acceptation:acceptance, "
            "kotter:kotter, pilote:pilot, nouveauté:novelty",
        ),
        (
            ["developpement-durable"],
            ["strategie", "innovation", "bonnes-pratiques"],
            "carbone:carbon, énergie:energy, émission:emission, recyclage:recycling, "
            "sobriété:sobriety, climat:climate, consommation:consumption, "
            "réemploi:refurbishing",
            "électricité:electricity, déchet:e-waste, écoconception:ecodesign, "
            "refroidissement:cooling, durabilité:durability, "
            "biodiversité:biodiversity, écolabel:ecolabel, compensation:offsetting, "
            "renouvelable:renewable, obsolescence:obsolescence, impression:printing, "
            "mobilité:mobility, vélo:bicycle, reconditionné:refurbished, "
            "bilan-carbone:carbon-footprint",
        ),
        (
            ["achats", "budget"],
            ["strategie", "gestion-de-projet", "etude-de-cas"],
            "fournisseur:supplier, contrat:contract, devis:quote, commande:order, "
            "facture:invoice, marché:tender, négociation:negotiation, "
            "prestataire:contractor",
            "coût:cost, tarif:price, remise:discount, paiement:payment, "
            "achat:purchase, pénalité:fine, mise-en-concurrence:competition, "
            "échéancier:timetable, centrale:consortium, économie:saving, "
            "dépense:expense, trésorerie:treasury, cahier-des-charges:specifications, "
            "acheteur:buyer, bon-de-commande:purchase-order",
        ),
    ],
}

# ---------------------------------------------------------------------------
# General vocabulary, common to all clusters
# ---------------------------------------------------------------------------

# Frequent short words (articles, prepositions, adverbs...).  Rough alignment.
FUNCTION_WORDS = (
    "le:the, la:the, les:the, des:some, de:of, du:of, un:a, une:a, et:and, "
    "ou:or, pour:for, avec:with, dans:in, sur:on, par:by, sans:without, "
    "entre:between, chaque:each, plus:more, moins:less, très:very, aussi:also, "
    "ainsi:thus, donc:therefore, mais:but, notre:our, nos:our, votre:your, "
    "leur:their, ce:this, cette:this, ces:these, tous:all, souvent:often, "
    "toujours:always, déjà:already, ensemble:together, mieux:better, bien:well, "
    "vers:towards, après:after, avant:before, pendant:during, depuis:since, "
    "est:is, sont:are, peut:can, doit:must, permet:allows, grâce:thanks"
)

# Business / collaboration nouns (also used in titles).
GENERAL_NOUNS = (
    "équipe:team, projet:project, collaborateur:employee, entreprise:company, "
    "organisation:organization, service:department, outil:tool, usage:usage, "
    "besoin:need, objectif:objective, résultat:result, démarche:approach, "
    "méthode:method, solution:solution, plateforme:platform, client:customer, "
    "utilisateur:user, information:information, échange:exchange, "
    "partage:sharing, réunion:meeting, direction:management, responsable:lead, "
    "métier:business, processus:process, valeur:value, qualité:quality, "
    "performance:performance, efficacité:effectiveness, "
    "productivité:productivity, pratique:practice, expérience:experience, "
    "stratégie:strategy, savoir-faire:know-how, coopération:cooperation, "
    "collaboration:collaboration, contenu:content, ressource:resource, "
    "mission:mission, activité:activity, tâche:task, priorité:priority, "
    "enjeu:stake, difficulté:difficulty, opportunité:opportunity, "
    "avantage:benefit, contexte:context, système:system, "
    "application:application, logiciel:software, fonctionnalité:feature, "
    "accès:access, rôle:role, groupe:group, partenaire:partner, "
    "acteur:stakeholder, dirigeant:leader, salarié:staff, "
    "interlocuteur:contact, référent:champion, expert:expert, "
    "communication:communication, coordination:coordination, "
    "évolution:evolution, mise-en-œuvre:implementation, gain:gain, "
    "impact:impact, confiance:trust, retour:feedback, organisation-cible:target-model"
)

GENERAL_WORDS = (
    "améliorer:improve, faciliter:facilitate, partager:share, organiser:organize, "
    "simplifier:simplify, développer:develop, gérer:manage, piloter:steer, "
    "mesurer:measure, suivre:track, accompagner:support, construire:construct, "
    "définir:define, choisir:choose, adapter:adapt, intégrer:integrate, "
    "centraliser:centralize, automatiser:automate, valoriser:showcase-value, "
    "encourager:encourage, renforcer:strengthen, réduire:reduce, "
    "optimiser:optimize, favoriser:foster, anticiper:anticipate, "
    "coordonner:coordinate, communiquer:communicate, collaborer:collaborate, "
    "échanger:discuss, déployer:deploy, évaluer:evaluate, identifier:identify, "
    "structurer:structure, documenter:document-it, fédérer:unite, "
    "impliquer:involve, informer:inform, former:train, proposer:propose, "
    "valider:validate, prioriser:prioritize, moderniser:modernize, "
    "sécuriser:secure, harmoniser:harmonize, mutualiser:pool-together, "
    "collaboratif:collaborative, numérique:digital, transversal:cross-functional, "
    "opérationnel:operational, stratégique:strategic, global:global, "
    "local:local, quotidien:daily, partagé:shared, ouvert:open, "
    "pertinent:relevant, concret:concrete, essentiel:essential, "
    "important:important, clair:clear, cohérent:consistent, fiable:reliable, "
    "accessible:accessible, sécurisé:secured, centralisé:centralized, "
    "progressif:gradual, complet:complete, disponible:available, utile:useful, "
    "indispensable:indispensable, souple:flexible, innovant:innovative, "
    "humain:human, technique:technical, organisationnel:organizational, "
    "managérial:managerial, régulier:regular, annuel:annual, mensuel:monthly, "
    "hebdomadaire:weekly, semaine:week, mois:month, année:year, journée:day, "
    "temps:time, étape:step, question:question, exemple:example, cas:case, "
    "point:point, sujet:topic, moyen:means, démarrage:start, bilan:review, "
    "perspective:outlook, responsabilisation:empowerment, usage-quotidien:everyday-use, "
    "nouveau:new, simple:simple, rapide:fast, efficace:efficient, "
    "commun:common, interne:internal, externe:external, principal:main, "
    "meilleur:best, grand:large, petit:small, premier:first, dernier:last, "
    "réel:real, possible:possible, nécessaire:necessary, actuel:current, "
    "futur:future, ancien:former, prochain:next, certain:certain, "
    "différent:different, propre:own, large:wide, fort:strong, "
    "plusieurs:several, enfin:finally, cependant:however, notamment:notably, "
    "également:likewise, rapidement:quickly, progressivement:gradually, "
    "concrètement:concretely, aujourd'hui:today, demain:tomorrow"
)

# Unrelated words sprinkled as noise.
NOISE_WORDS = (
    "jardin:garden, montagne:mountain, rivière:river, cuisine:kitchen, "
    "musique:music, voyage:travel, océan:ocean, forêt:forest, soleil:sun, "
    "pluie:rain, hiver:winter, été:summer, printemps:spring, automne:autumn, "
    "chocolat:chocolate, fromage:cheese, pain:bread, café:coffee, thé:tea, "
    "chat:cat, chien:dog, oiseau:bird, cheval:horse, lune:moon, étoile:star, "
    "plage:beach, château:castle, village:village, boulangerie:bakery, "
    "peinture:painting, théâtre:theatre, cinéma:cinema, roman:novel, "
    "poème:poem, guitare:guitar, piano:piano, football:football, "
    "tennis:tennis, marathon:marathon, randonnée:hiking, pique-nique:picnic, "
    "orage:storm, neige:snow, glacier:glacier, volcan:volcano, île:island, "
    "phare:lighthouse, moulin:mill, vigne:vineyard, pomme:apple, "
    "cerise:cherry, tomate:tomato, soupe:soup, gâteau:cake, miel:honey, "
    "abeille:bee, papillon:butterfly, renard:fox, loup:wolf, ours:bear, "
    "baleine:whale, dauphin:dolphin, fleur:flower, rose:rose, tulipe:tulip, "
    "chêne:oak, sapin:fir, parapluie:umbrella, chapeau:hat, lunettes:glasses, "
    "bougie:candle, horloge:clock, miroir:mirror, tapis:carpet, "
    "fenêtre:window, porte:door, escalier:staircase, grenier:attic, "
    "cave:cellar, train:railway, avion:plane, bateau:boat, gare:station, "
    "place:square, fontaine:fountain"
)

# ---------------------------------------------------------------------------
# Fixed phrases (aligned FR/EN)
# ---------------------------------------------------------------------------

TITLE_TEMPLATES = [
    ("{A} et {b}", "{A} and {b}"),
    ("{A} : {b} et {c}", "{A}: {b} and {c}"),
    ("Comment améliorer {a} et {b}", "How to improve {a} and {b}"),
    ("Retour d'expérience sur {a}", "Lessons learned on {a}"),
    ("{A} au service de {b}", "{A} in the service of {b}"),
    ("Guide pratique : {a} et {b}", "Practical guide: {a} and {b}"),
    ("Pourquoi {a} change {b}", "Why {a} changes {b}"),
    ("{A}, {b} et {c}", "{A}, {b} and {c}"),
    ("Cinq idées pour {a}", "Five ideas for {a}"),
    ("Mettre en place {a} dans {b}", "Setting up {a} in {b}"),
    ("Le point sur {a} et {b}", "An update on {a} and {b}"),
    ("{A} : bilan et perspectives", "{A}: review and outlook"),
    ("Comprendre {a} en {n} étapes", "Understanding {a} in {n} steps"),
    ("{A} et {b} : ce qui a changé", "{A} and {b}: what changed"),
    ("Réussir {a} avec {b}", "Succeeding with {a} and {b}"),
    ("Les pièges de {a}", "The pitfalls of {a}"),
]

LINK_PHRASES = [
    ("Voir aussi {L}.", "See also {L}."),
    ("Ce point est détaillé dans {L}.", "This point is detailed in {L}."),
    ("Pour aller plus loin, lire {L}.", "To go further, read {L}."),
    ("Nous en parlions déjà dans {L}.", "We already discussed this in {L}."),
    ("Lire également {L}.", "Also read {L}."),
]

WIKILINK_PHRASES = [
    ("Voir la fiche {W}.", "See the note {W}."),
    ("Cf. {W}.", "Cf. {W}."),
    ("À rapprocher de {W}.", "Compare with {W}."),
]

CONCLUSION_HEADINGS = [
    ("Conclusion", "Conclusion"),
    ("En résumé", "In summary"),
    ("Pour conclure", "To conclude"),
    ("Perspectives", "Outlook"),
    ("Et ensuite ?", "What next?"),
]

TABLE_NUMERIC_HEADERS = [
    ("Avant", "Before"),
    ("Après", "After"),
    ("Objectif", "Target"),
    ("Nombre", "Count"),
    ("Part (%)", "Share (%)"),
    ("Jours", "Days"),
    ("Coût (k€)", "Cost (k€)"),
    ("Score", "Score"),
]
