import Testing
@testable import Extraction

@Suite struct OrganizationReaderTests {
    /// Organization names as the letter writes them, without the article that opens the sentence.
    @Test(arguments: [
        ("XYZ University requests a license exception.", "XYZ University"),
        ("The Halden Institute of Marine Science hereby requests an exception.", "Halden Institute of Marine Science"),
        ("La Universidad Nacional de Cerro Alto solicita una excepción.", "Universidad Nacional de Cerro Alto"),
        ("El Conservatorio Superior de Música de Valdeluna solicita una excepción.", "Conservatorio Superior de Música de Valdeluna"),
        ("A Prefeitura Municipal de Rio das Garças solicita exceção.", "Prefeitura Municipal de Rio das Garças"),
        ("O Instituto Politécnico do Baixo Mondego solicita uma exceção.", "Instituto Politécnico do Baixo Mondego"),
        ("The Cégep de la Rivière-Claire requests an exception.", "Cégep de la Rivière-Claire"),
        ("St. Brendan's College requests a license exception.", "St. Brendan's College"),
        ("Université Privée de Saint-Louis du Fleuve requests an exception.", "Université Privée de Saint-Louis du Fleuve"),
        ("Comune di Valsassina Alta requests an exception.", "Comune di Valsassina Alta"),
        ("I am the IT Manager at Lakeshore Academy.", "Lakeshore Academy"),
        ("Soy Director de Sistemas de la Universidad del Sur.", "Universidad del Sur"),
        ("Royal Bank of Scotland Group requests an exception.", "Royal Bank of Scotland Group"),
        // A unit before the organization is not part of it; a legal form keeps its full stop.
        ("I am the Head of ICT at Northfield Borough Council.", "Northfield Borough Council"),
        ("Sou Gerente de TI da Rocha Logística Ltda. e solicito uma exceção.", "Rocha Logística Ltda."),
        ("Grupo Norte S.A. de C.V. solicita una excepción.", "Grupo Norte S.A. de C.V."),
        ("The Department of Education requests an exception.", "Department of Education"),
        // A lower-case prefix before the capital, an apostrophe inside the name; opening words and the product go.
        ("I am the ICT Manager at uMhlathuze Local Municipality.", "uMhlathuze Local Municipality"),
        ("We, at St. Aloysius' College, would like an exception.", "St. Aloysius' College"),
        ("Agrupamento de Escolas Serra d'Arga solicita uma exceção.", "Agrupamento de Escolas Serra d'Arga"),
        ("Somos da Cooperativa Agrícola Vale do Riacho.", "Cooperativa Agrícola Vale do Riacho"),
        ("Desde Estudio Ferraro & Asociados S.R.L. les escribimos.", "Estudio Ferraro & Asociados S.R.L."),
        ("Usamos el PaperCut MF del Instituto Privado San Cayetano.", "Instituto Privado San Cayetano"),
        // A number after its sign is the name's; a name wrapped onto the next line is one line's.
        ("Les escribo por la Escuela de Educación Técnica N° 12.", "Escuela de Educación Técnica N° 12"),
        ("Mapleview School District No. 87 requests an exception.", "Mapleview School District No. 87"),
        ("Les escribo para la Escuela de\nBellas Artes Santa Ana.", "Escuela de Bellas Artes Santa Ana"),
    ])
    func names(text: String, expected: String) {
        #expect(Fixture.organizations.organization(in: text)?.name == expected)
    }

    @Test(arguments: [
        "our university would like an exception",
        "the Council agreed",
        "Dear Sales Team,",
    ])
    func notNames(text: String) {
        #expect(Fixture.organizations.organization(in: text) == nil)
    }

    /// The kind: the longest telling word decides; a school, public body, health service or non-profit wins
    /// a tie with a business word, and the earlier of those kinds a tie between them.
    @Test(arguments: [
        ("XYZ University", OrganizationKind.education),
        ("Valle Verde Unified School District", .education),
        ("Coastal Plains Water District", .government),
        ("Fairhaven Public Library System", .government),
        ("Instituto Nacional de Estadística Regional de Los Valles", .government),
        ("Instituto Superior Tecnológico del Valle", .education),
        ("Fundación Educativa Monte Claro", .education),
        ("Castlegate Primary Academy Trust", .education),
        ("Mancomunidad de Municipios del Alto Tajo", .government),
        ("Prefeitura de Pedra Branca do Norte", .government),
        ("Comune di Valsassina Alta", .government),
        ("Cooperativa Eléctrica de San Javier", .business),
        ("Moorland Housing Association", .nonProfit),
        ("Preparatoria Benito Juárez", .education),
        ("Corporación Universitaria del Caribe", .education),
        ("Faculdade de Tecnologia Serra Verde", .education),
        ("Hospital Universitario San Ignacio", .health),
        ("Santa Casa de Misericórdia de Vila Rica", .health),
        ("Northgate NHS Foundation Trust", .health),
        ("Fundação Esperança Viva", .nonProfit),
        ("Harbour Lights Charity", .nonProfit),
        ("Rocha Logística Ltda.", .business),
        ("Baumann Maschinenbau GmbH", .business),
        ("Cégep de la Rivière-Claire", .education),
    ])
    func kinds(name: String, kind: OrganizationKind) {
        #expect(Fixture.organizations.kind(of: name) == kind)
    }

    @Test func aNameWithoutATellingWordIsABusiness() {
        let body = "Dear EcoPrintQ,\n\nGotland Ferries requests a license exception.\n\nOscar Lindahl\nIT Manager\nGotland Ferries\n"
        let fields = Fixture.extract(body, from: "oscar@gotlandferries.se").fields
        #expect(fields.organization == "Gotland Ferries")
        #expect(fields.organizationKind == .business)
    }

    /// Where the name tells no kind, or only a firm's word, the sender's domain tells it where it can;
    /// a two-letter last label is a country's, never a kind's ("foo.ac", "foo.go" would be no school).
    @Test(arguments: [
        ("oscar@gotlandferries.se", OrganizationKind.business), ("it@coleg.ac.uk", .education), ("it@district.k12.ca.us", .education),
        ("it@city.gov", .government), ("it@municipio.gob.ec", .government), ("it@trust.nhs.uk", .health),
        ("it@gotland.ac", .business), ("it@ferries.co.uk", .business),
    ])
    func theSendersDomainTellsTheKindANameDoesNot(from: String, kind: OrganizationKind) {
        let body = "Dear EcoPrintQ,\n\nGotland Ferries requests a license exception.\n\nOscar Lindahl\nIT Manager\nGotland Ferries\n"
        #expect(Fixture.extract(body, from: from).fields.organizationKind == kind)
    }

    @Test func theOrganizationIsNeverTheMailDomain() {
        let fields = Fixture.extract("Hello,\n\nWe have 900 accounts in our domain.\n").fields
        #expect(fields.organization == nil)
        #expect(fields.organizationKind == nil)
    }
}
