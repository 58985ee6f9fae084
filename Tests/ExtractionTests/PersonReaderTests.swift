import Testing
@testable import Extraction

@Suite struct PersonReaderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var name: String?
        var title: String?
        var organization: String?
        var testDescription: String { text.split(separator: "\n").suffix(3).joined(separator: " / ") }
    }

    static let letter = "Dear EcoPrintQ,\n\nWe have 900 accounts in our domain and commit to keeping active users below the limit.\n\n"

    /// The signature block: under a closing or not, with blank lines between its lines, with contact lines,
    /// titles that hold commas, and organizations with or without a telling word.
    @Test(arguments: [
        Case(text: letter + "John Parker\nIT Manager\nXYZ University", name: "John Parker", title: "IT Manager", organization: "XYZ University"),
        // The whole signature on one line; an address without enough digits to be a contact line; a title in
        // words no list holds, between the name and the organization; a label before the name.
        Case(text: letter + "Thanks,\nSam Okonkwo | IT Lead | Paws Haven Animal Rescue | 14 Mill Lane, Leeds | +44 113 555 0190", name: "Sam Okonkwo", title: "IT Lead", organization: "Paws Haven Animal Rescue"),
        Case(text: letter + "Thank you.\n\nIT Unit\nNo. 26, Kandewatte Road, Kandy", name: nil, title: nil, organization: nil),
        Case(text: letter + "Groeten,\nJeroen de Wit\nHoofd Automatisering\nGemeente Westerduin\nPostbus 41, 1970 AA Westerduin", name: "Jeroen de Wit", title: "Hoofd Automatisering", organization: "Gemeente Westerduin"),
        Case(text: letter + "Atentamente,\nFdo.: María Luisa Herrera Campos\nJefa del Servicio de Informática", name: "María Luisa Herrera Campos", title: "Jefa del Servicio de Informática", organization: nil),
        Case(text: letter + "Saludos,\nJulián Cárdenas\nJefe de Sistemas\nCochabamba, Bolivia", name: "Julián Cárdenas", title: "Jefe de Sistemas", organization: nil),
        Case(text: letter + "Saludos,\nDiego Paredes\nJefe de Tecnología\nGuayaquil - Ecuador", name: "Diego Paredes", title: "Jefe de Tecnología", organization: nil),
        Case(text: letter + "Yours faithfully,\nGareth Pryce\nInfrastructure Manager\nDigital and ICT Services\nMarlowe Borough Council", name: "Gareth Pryce", title: "Infrastructure Manager", organization: "Marlowe Borough Council"),
        Case(text: letter + "Kind regards,\nLaura Bianchi\nOffice Manager\nStudio Legale Bianchi & Ferri", name: "Laura Bianchi", title: "Office Manager", organization: "Studio Legale Bianchi & Ferri"),
        Case(text: letter + "Regards, Philip Grant\nIT Director, Grant & Sons Builders", name: "Philip Grant", title: "IT Director", organization: "Grant & Sons Builders"),
        Case(text: letter + "Jonathan Price\nAssociate Vice President, IT\nCrestwood University", name: "Jonathan Price", title: "Associate Vice President, IT", organization: "Crestwood University"),
        Case(text: letter + "Emily Zhao\nManager, End User Computing\nPacific Rim Trade Council", name: "Emily Zhao", title: "Manager, End User Computing", organization: "Pacific Rim Trade Council"),
        Case(text: letter + "Natalie Brooks\n\nDirector of IT\n\nGreenfield County Government", name: "Natalie Brooks", title: "Director of IT", organization: "Greenfield County Government"),
        Case(text: letter + "Best,\nHannah\n\nHannah Lindqvist\nIT Director\nBrightwater Architects", name: "Hannah Lindqvist", title: "IT Director", organization: "Brightwater Architects"),
        Case(text: letter + "Thanks,\n\n--\nYusuf Demir\nDirector of Information Systems\nAnatolia International School\nT: +90 212 555 0147 | www.anatolia-intl.k12.tr", name: "Yusuf Demir", title: "Director of Information Systems", organization: "Anatolia International School"),
        Case(text: letter + "Linda Carver\nVP of Information Technology\nHartwell Industrial Supply\n25000 Industrial Parkway, Suite 1800\nCleveland, OH 44135\nPhone 216-555-0123", name: "Linda Carver", title: "VP of Information Technology", organization: "Hartwell Industrial Supply"),
        Case(text: letter + "Oscar Lindahl\nIT Manager\nGotland Ferries", name: "Oscar Lindahl", title: "IT Manager", organization: "Gotland Ferries"),
        Case(text: letter + "Nathan Cole\nOwner\nCole & Daughters Printing Co.", name: "Nathan Cole", title: "Owner", organization: "Cole & Daughters Printing Co."),
        Case(text: letter + "Director of ICT Services\nVolta Coast University", name: nil, title: "Director of ICT Services", organization: "Volta Coast University"),
        Case(text: letter + "Regards,\nIT Department\nNorthshore Regional Library", name: nil, title: nil, organization: "Northshore Regional Library"),
        Case(text: letter + "JOHN PARKER\nICT Team\nRiverside School", name: "JOHN PARKER", title: nil, organization: "Riverside School"),
        Case(text: letter + "John Parker, MBA\nDirector of IT\nAcme Widgets, Inc.", name: "John Parker", title: "Director of IT", organization: "Acme Widgets, Inc."),
        Case(text: letter + "Saludos,\nMarta Ruiz\nJefa de Sistemas\nTelefónica del Sur\nAv. Providencia 1234\nPiso 5, Oficina 501\nSantiago 7500000\nTel. +56 2 2345 6789\nCel. +56 9 8765 4321\nmruiz@telsur.cl\nwww.telsur.cl", name: "Marta Ruiz", title: "Jefa de Sistemas", organization: "Telefónica del Sur"),
        Case(text: letter + "Saludos cordiales,\nPedro Gómez | Jefe de Sistemas\nUniversidad de Poniente", name: "Pedro Gómez", title: "Jefe de Sistemas", organization: "Universidad de Poniente"),
        Case(text: letter + "Atenciosamente,\n\nRenata Moraes\nCoordenadora de Tecnologia da Informação\nPrefeitura Municipal de Exemplo\nSecretaria Municipal de Administração\n(11) 3555-0190", name: "Renata Moraes", title: "Coordenadora de Tecnologia da Informação", organization: "Prefeitura Municipal de Exemplo"),
        Case(text: letter + "Atentamente,\nMónica Arriaga\nDirectora de Tecnologías de la Información\nGobierno Municipal de Santa Clara del Río", name: "Mónica Arriaga", title: "Directora de Tecnologías de la Información", organization: "Gobierno Municipal de Santa Clara del Río"),
        Case(text: letter + "Atenciosamente,\n\n-- \nSônia Maria Pacheco\nCoordenadora Administrativa\nSanta Casa de Misericórdia de Vila Rica", name: "Sônia Maria Pacheco", title: "Coordenadora Administrativa", organization: "Santa Casa de Misericórdia de Vila Rica"),
        Case(text: letter + "Chefe da Divisão de Tecnologia\n", name: nil, title: "Chefe da Divisão de Tecnologia", organization: nil),
        Case(text: letter + "Mit freundlichen Grüßen\nJörg Baumann\nIT-Leiter\nBaumann Maschinenbau GmbH", name: "Jörg Baumann", title: "IT-Leiter", organization: "Baumann Maschinenbau GmbH"),
        Case(text: letter + "Best regards / Cordialement,\n\nÉlise Tremblay\nDirectrice des technologies de l'information\nCégep de la Rivière-Claire", name: "Élise Tremblay", title: "Directrice des technologies de l'information", organization: "Cégep de la Rivière-Claire"),
    ])
    func signatures(c: Case) {
        let person = Fixture.people.read(c.text)
        #expect(person?.name == c.name)
        #expect(person?.title == c.title)
        #expect(person?.organization == c.organization)
    }

    @Test(arguments: [
        ("Hello,\n\nMy name is Maria Lopez, IT Manager at Acme Logistics, and we need an exception.", "Maria Lopez", "IT Manager", "Acme Logistics"),
        ("Hola:\n\nMe llamo Jorge Pérez, Director de Sistemas de la Universidad del Sur.", "Jorge Pérez", "Director de Sistemas", "Universidad del Sur"),
        ("I, Mr Parker, the IT Manager of XYZ University, would like to formally apply for a license exception.", "Parker", "IT Manager", "XYZ University"),
        ("Eu, Mariana Souza, Coordenadora de TI da Vale Verde Ltda., gostaria de solicitar uma exceção.", "Mariana Souza", "Coordenadora de TI", "Vale Verde Ltda."),
        ("Yo, Lic. Carlos Méndez, Gerente de Sistemas de Grupo Norte S.A. de C.V., solicito una excepción.", "Carlos Méndez", "Gerente de Sistemas", "Grupo Norte S.A. de C.V."),
        ("My name is Ann Lee and I'm the Head of ICT at Northfield Borough Council.", "Ann Lee", "Head of ICT", "Northfield Borough Council"),
        ("Meu nome é Paulo Dias, Gerente de TI na Rocha Logística Ltda.", "Paulo Dias", "Gerente de TI", "Rocha Logística Ltda."),
        ("Soy Lucía Torres, Directora de Informática en la Preparatoria Benito Juárez.", "Lucía Torres", "Directora de Informática", "Preparatoria Benito Juárez"),
    ])
    func introductions(text: String, name: String, title: String, organization: String) {
        let person = Fixture.people.read(text)
        #expect(person?.name == name)
        #expect(person?.title == title)
        #expect(person?.organization == organization)
    }

    /// A unit on a line of its own is the department; right after the title on its line, the title's.
    @Test(arguments: [
        (letter + "John Smith\nNetwork Manager\nIT Services Department\nRidge College", "Network Manager", "Ridge College", "IT Services Department"),
        (letter + "Ana Ruiz\nAnalista\nDepartamento de Sistemas\nUniversidad del Sur", "Analista", "Universidad del Sur", "Departamento de Sistemas"),
        (letter + "Jonathan Price\nAssociate Vice President, IT\nCrestwood University", "Associate Vice President, IT", "Crestwood University", nil),
        (letter + "John Smith\nNetwork Manager\nDepartment of Education", "Network Manager", "Department of Education", nil),
    ])
    func departments(text: String, title: String, organization: String, department: String?) {
        let person = Fixture.people.read(text)
        #expect(person?.title == title)
        #expect(person?.organization == organization)
        #expect(person?.department == department)
    }

    /// An introduction that gives a title, not a name, fills what the signature leaves out.
    @Test(arguments: [
        ("Hello,\n\nI am the IT Manager at Lakeshore Academy and would like an exception.\n\nJessica Parker\n",
         "Jessica Parker", "IT Manager", "Lakeshore Academy"),
        ("Estimados,\n\nSoy el encargado de informática del Liceo Bicentenario Los Aromos y solicito una excepción.\n\nSebastián Rojas\n",
         "Sebastián Rojas", "encargado de informática", "Liceo Bicentenario Los Aromos"),
    ])
    func titleIntroductions(text: String, name: String, title: String, organization: String) {
        let person = Fixture.people.read(text)
        #expect(person?.name == name)
        #expect(person?.title == title)
        #expect(person?.organization == organization)
    }

    @Test func evidenceSaysWhereEachFieldStood() {
        let e = Fixture.extract("Hello,\n\nI am the IT Manager at Lakeshore Academy and need an exception.\n\nJessica Parker\n")
        #expect(e.evidence["requesterName"] == Evidence(text: "Jessica Parker", source: "signature"))
        #expect(e.evidence["requesterTitle"] == Evidence(text: "I am the IT Manager at Lakeshore Academy and need an exception.", source: "body"))
    }

    @Test func proseIsNotASignature() {
        #expect(Fixture.people.read(Self.letter + "Quedamos a la espera de su respuesta.") == nil)
        #expect(PersonReader.isProse("The remaining accounts are alumni."))
        #expect(!PersonReader.isProse("Cole & Daughters Printing Co."))
    }
}
