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

    /// The kind: the longest telling word decides; a school or public body wins a tie with a business word.
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
        ("Moorland Housing Association", .business),
        ("Baumann Maschinenbau GmbH", .business),
        ("Cégep de la Rivière-Claire", .education),
    ])
    func kinds(name: String, kind: OrganizationKind) {
        #expect(Fixture.organizations.kind(of: name) == kind)
    }

    @Test func aNameWithoutATellingWordIsABusiness() {
        let body = "Dear EcoPrintQ,\n\nGotland Ferries requests a license exception.\n\nOscar Lindahl\nIT Manager\nGotland Ferries\n"
        let fields = Fixture.extract(body).fields
        #expect(fields.organization == "Gotland Ferries")
        #expect(fields.organizationKind == .business)
    }

    @Test func theOrganizationIsNeverTheMailDomain() {
        let fields = Fixture.extract("Hello,\n\nWe have 900 accounts in our domain.\n").fields
        #expect(fields.organization == nil)
        #expect(fields.organizationKind == nil)
    }
}
