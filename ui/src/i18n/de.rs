//! German. The English text is the key; `tests/tests/studio_i18n.rs` checks that every string
//! the studio shows has an entry here and that none is left over.

pub fn get(text: &str) -> Option<&'static str> {
    Some(match text {
        "A JSON filter every saved value must match; empty for none." => {
            "Ein JSON-Filter, den jeder gespeicherte Wert erfüllen muss; leer für keinen."
        }
        "A collection with this name already exists." => {
            "Eine Sammlung mit diesem Namen gibt es bereits."
        }
        "A few details and your project is ready." => {
            "Ein paar Angaben, und Ihr Projekt ist bereit."
        }
        "A filter the submitted values must pass, e.g. {\"price\": {\"_gte\": 0}}. $CURRENT_USER and $NOW work here too." => {
            "Ein Filter, den die übermittelten Werte erfüllen müssen, z. B. {\"price\": {\"_gte\": 0}}. $CURRENT_USER und $NOW gehen auch hier."
        }
        "A hint shown under the field" => "Ein Hinweis unter dem Feld",
        "A junction collection {junction} will be created, with the keys {here} and {there}." => {
            "Eine Verknüpfungssammlung {junction} wird angelegt, mit den Schlüsseln {here} und {there}."
        }
        "A short line under the project name." => "Eine kurze Zeile unter dem Projektnamen.",
        "A value must be given." => "Ein Wert muss angegeben werden.",
        "Access" => "Zugriff",
        "Access Policies" => "Zugriffsrichtlinien",
        "Access level" => "Zugriffsstufe",
        "Action" => "Aktion",
        "Actions" => "Aktionen",
        "Active" => "Aktiv",
        "Activity" => "Aktivität",
        "Activity Log" => "Aktivitätsprotokoll",
        "Add Existing" => "Vorhandene hinzufügen",
        "Add Filter" => "Filter hinzufügen",
        "Add Policy" => "Richtlinie hinzufügen",
        "Add a tag and press Enter" => "Schlagwort eingeben und Enter drücken",
        "Admin Access" => "Administratorzugriff",
        "All" => "Alle",
        "All Access" => "Voller Zugriff",
        "All Files" => "Alle Dateien",
        "All actions" => "Alle Aktionen",
        "All fields" => "Alle Felder",
        "All for {collection}" => "Alles für {collection}",
        "Allows signing in to the studio." => "Erlaubt die Anmeldung im Studio.",
        "An image from the file library, shown in the navigation." => {
            "Ein Bild aus der Dateibibliothek, in der Navigation gezeigt."
        }
        "App Access" => "App-Zugriff",
        "Archive" => "Archivieren",
        "Archived" => "Archiviert",
        "Are you sure?" => "Sind Sie sicher?",
        "Auto-incremented integer" => "Automatisch hochgezählte Ganzzahl",
        "Automatic (system)" => "Automatisch (System)",
        "Back to the data model" => "Zurück zum Datenmodell",
        "Bell" => "Glocke",
        "Big Integer" => "Große Ganzzahl",
        "Boolean" => "Wahrheitswert",
        "Box" => "Box",
        "Branding" => "Erscheinungsbild",
        "Cancel" => "Abbrechen",
        "Checkboxes" => "Kontrollkästchen",
        "Choices" => "Auswahlmöglichkeiten",
        "Choose a collection" => "Sammlung wählen",
        "Choose a type." => "Wählen Sie einen Typ.",
        "Choose an existing policy…" => "Vorhandene Richtlinie wählen…",
        "Choose from Library" => "Aus der Bibliothek wählen",
        "Choose the related collection." => "Wählen Sie die verknüpfte Sammlung.",
        "Clear" => "Leeren",
        "Clock" => "Uhr",
        "Close" => "Schließen",
        "Collection" => "Sammlung",
        "Collection Settings" => "Sammlungseinstellungen",
        "Collection created" => "Sammlung angelegt",
        "Collection deleted" => "Sammlung gelöscht",
        "Collection saved" => "Sammlung gespeichert",
        "Color" => "Farbe",
        "Columns" => "Spalten",
        "Comma-separated IP addresses or ranges allowed to use this policy; empty allows all." => {
            "Kommagetrennte IP-Adressen oder -Bereiche, die diese Richtlinie nutzen dürfen; leer erlaubt alle."
        }
        "Conditions" => "Bedingungen",
        "Conditions must be a JSON list." => "Bedingungen müssen eine JSON-Liste sein.",
        "Contains" => "Enthält",
        "Content" => "Inhalte",
        "Controls what API data is publicly available without authenticating" => {
            "Legt fest, welche API-Daten ohne Anmeldung öffentlich sind"
        }
        "Copy created" => "Kopie erstellt",
        "Create" => "Erstellen",
        "Create Collection" => "Sammlung anlegen",
        "Create Field" => "Feld erstellen",
        "Create Item" => "Eintrag erstellen",
        "Create Policy" => "Richtlinie erstellen",
        "Create Role" => "Rolle erstellen",
        "Create User" => "Benutzer erstellen",
        "Create a collection" => "Sammlung erstellen",
        "Created" => "Erstellt",
        "Creating Item" => "Neuer Eintrag",
        "Custom Access" => "Eigener Zugriff",
        "Dark" => "Dunkel",
        "Data Model" => "Datenmodell",
        "Database" => "Datenbank",
        "Date" => "Datum",
        "Date & Time" => "Datum & Uhrzeit",
        "Decimal" => "Dezimalzahl",
        "Default Appearance" => "Standarddarstellung",
        "Default Language" => "Standardsprache",
        "Default Value" => "Standardwert",
        "Default values (JSON)" => "Standardwerte (JSON)",
        "Defaults" => "Voreinstellungen",
        "Delete" => "Löschen",
        "Delete Collection" => "Sammlung löschen",
        "Delete Field" => "Feld löschen",
        "Delete field {field}" => "Feld {field} löschen",
        "Delete the collection {collection} with all its items and fields? This cannot be undone." => {
            "Die Sammlung {collection} mit allen Einträgen und Feldern löschen? Das lässt sich nicht rückgängig machen."
        }
        "Delete the field {field} and all its data? This cannot be undone." => {
            "Das Feld {field} mit allen Daten löschen? Das lässt sich nicht rückgängig machen."
        }
        "Delete this item? This cannot be undone." => {
            "Diesen Eintrag löschen? Das lässt sich nicht rückgängig machen."
        }
        "Delete this policy? Roles and users that hold it lose its permissions." => {
            "Diese Richtlinie löschen? Rollen und Benutzer verlieren ihre Berechtigungen."
        }
        "Delete this role? Its users keep their accounts but lose the role's access." => {
            "Diese Rolle löschen? Ihre Benutzer behalten ihr Konto, verlieren aber den Zugriff der Rolle."
        }
        "Delete this user? This cannot be undone." => {
            "Diesen Benutzer löschen? Das lässt sich nicht rückgängig machen."
        }
        "Delete {name}? This cannot be undone." => {
            "{name} löschen? Das lässt sich nicht rückgängig machen."
        }
        "Delete {n}" => "{n} löschen",
        "Delete {n} files? This cannot be undone." => {
            "{n} Dateien löschen? Das lässt sich nicht rückgängig machen."
        }
        "Delete {n} items? This cannot be undone." => {
            "{n} Einträge löschen? Das lässt sich nicht rückgängig machen."
        }
        "Deleted" => "Gelöscht",
        "Describes the collection in the navigation." => {
            "Beschreibt die Sammlung in der Navigation."
        }
        "Description" => "Beschreibung",
        "Detach" => "Lösen",
        "Detach {name}" => "{name} lösen",
        "Dimensions" => "Abmessungen",
        "Display Template" => "Anzeigevorlage",
        "Document" => "Dokument",
        "Doesn't contain" => "Enthält nicht",
        "Doesn't equal" => "Ist ungleich",
        "Download" => "Herunterladen",
        "Draft" => "Entwurf",
        "Drag and drop files here to upload them" => "Dateien zum Hochladen hierher ziehen",
        "Drop to upload" => "Zum Hochladen loslassen",
        "Dropdown" => "Auswahlliste",
        "E-mail" => "E-Mail",
        "Edit" => "Bearbeiten",
        "Edit Field {field}" => "Feld {field} bearbeiten",
        "Email" => "E-Mail",
        "Enabled" => "Aktiviert",
        "Ends with" => "Endet mit",
        "Equals" => "Ist gleich",
        "False" => "Falsch",
        "Field" => "Feld",
        "Field Permissions" => "Feldberechtigungen",
        "Field Presets" => "Feldvorgaben",
        "Field Settings" => "Feldeinstellungen",
        "Field Validation" => "Feldvalidierung",
        "Field created" => "Feld erstellt",
        "Field deleted" => "Feld gelöscht",
        "Field updated" => "Feld aktualisiert",
        "Fields" => "Felder",
        "File" => "Datei",
        "File Library" => "Dateibibliothek",
        "File deleted" => "Datei gelöscht",
        "File name" => "Dateiname",
        "File saved" => "Datei gespeichert",
        "Files" => "Dateien",
        "Fill" => "Ausfüllen",
        "Filter" => "Filter",
        "Filter rule (JSON)" => "Filterregel (JSON)",
        "Filters" => "Filter",
        "First Name" => "Vorname",
        "Fix the invalid JSON first." => "Beheben Sie zuerst das ungültige JSON.",
        "Float" => "Gleitkommazahl",
        "Folder" => "Ordner",
        "Folder created" => "Ordner erstellt",
        "Folder name" => "Ordnername",
        "Folders" => "Ordner",
        "For users who have not chosen one." => "Für Benutzer, die keine gewählt haben.",
        "Foreign Key" => "Fremdschlüssel",
        "Full width" => "Volle Breite",
        "Full, unrestricted access to the project." => {
            "Voller, uneingeschränkter Zugriff auf das Projekt."
        }
        "Generated UUID" => "Erzeugte UUID",
        "Get started" => "Los geht's",
        "Give the field a key." => "Geben Sie dem Feld einen Schlüssel.",
        "Globe" => "Globus",
        "Grant all access" => "Vollen Zugriff gewähren",
        "Greater than" => "Größer als",
        "Greater than or equal" => "Größer oder gleich",
        "Grid" => "Raster",
        "Half width" => "Halbe Breite",
        "Hidden" => "Versteckt",
        "Hidden in the navigation" => "In der Navigation verborgen",
        "How items are shown in relations, e.g. {{title}}." => {
            "Wie Einträge in Beziehungen gezeigt werden, z. B. {{title}}."
        }
        "IP Access" => "IP-Zugriff",
        "Icon" => "Symbol",
        "Image" => "Bild",
        "Inbox" => "Posteingang",
        "Initial administrative role with unrestricted App/API access" => {
            "Anfängliche Administratorrolle mit uneingeschränktem App-/API-Zugriff"
        }
        "Integer" => "Ganzzahl",
        "Interface" => "Oberfläche",
        "Invalid JSON: {error}" => "Ungültiges JSON: {error}",
        "Invited" => "Eingeladen",
        "Is empty" => "Ist leer",
        "Is null" => "Ist null",
        "Is one of" => "Ist eines von",
        "Isn't empty" => "Ist nicht leer",
        "Isn't null" => "Ist nicht null",
        "Item" => "Eintrag",
        "Item Permissions" => "Eintragsberechtigungen",
        "Item created" => "Eintrag erstellt",
        "Item deleted" => "Eintrag gelöscht",
        "Item reverted" => "Eintrag zurückgesetzt",
        "Item saved" => "Eintrag gespeichert",
        "JSON" => "JSON",
        "Key" => "Schlüssel",
        "Language" => "Sprache",
        "Last Name" => "Nachname",
        "Last access: {when}" => "Letzter Zugriff: {when}",
        "Layout" => "Ansicht",
        "Less than" => "Kleiner als",
        "Less than or equal" => "Kleiner oder gleich",
        "Light" => "Hell",
        "Link" => "Link",
        "List" => "Liste",
        "Loading" => "Wird geladen",
        "Logged in" => "Angemeldet",
        "Logo preview" => "Logo-Vorschau",
        "Lowercase letters, digits and underscores; cannot be changed later." => {
            "Kleinbuchstaben, Ziffern und Unterstriche; später nicht änderbar."
        }
        "Lowercase snake_case, e.g. blog_posts. It cannot be changed later." => {
            "Kleingeschriebenes snake_case, z. B. blog_posts. Später nicht änderbar."
        }
        "Manually entered string" => "Von Hand eingegebene Zeichenkette",
        "Many to Many" => "Many to Many",
        "Many to One" => "Many to One",
        "Markdown" => "Markdown",
        "Maximum" => "Maximum",
        "Menu" => "Menü",
        "Minimum" => "Minimum",
        "Minimum, maximum and step must be numbers." => {
            "Minimum, Maximum und Schrittweite müssen Zahlen sein."
        }
        "Modules" => "Module",
        "Move to Inbox" => "In den Posteingang",
        "Must be a JSON object, like {\"field\": {\"_eq\": 1}}." => {
            "Muss ein JSON-Objekt sein, etwa {\"field\": {\"_eq\": 1}}."
        }
        "Name" => "Name",
        "Name the new foreign key." => "Benennen Sie den neuen Fremdschlüssel.",
        "Names starting with \"directus_\" are reserved." => {
            "Namen, die mit \"directus_\" beginnen, sind reserviert."
        }
        "Navigation" => "Navigation",
        "New Folder" => "Neuer Ordner",
        "New Foreign Key" => "Neuer Fremdschlüssel",
        "New field…" => "Neues Feld…",
        "New password (leave empty to keep the current one)" => {
            "Neues Passwort (leer lassen, um das aktuelle zu behalten)"
        }
        "Next page" => "Nächste Seite",
        "No Access" => "Kein Zugriff",
        "No activity yet" => "Noch keine Aktivität",
        "No archived notifications" => "Keine archivierten Benachrichtigungen",
        "No collections yet." => "Noch keine Sammlungen.",
        "No collections yet. Create one to start modelling your content." => {
            "Noch keine Sammlungen. Legen Sie eine an, um Ihre Inhalte zu modellieren."
        }
        "No fields yet" => "Noch keine Felder",
        "No file selected" => "Keine Datei ausgewählt",
        "No files in this folder yet" => "Noch keine Dateien in diesem Ordner",
        "No files match your search" => "Keine Dateien passen zur Suche",
        "No item selected" => "Kein Eintrag ausgewählt",
        "No items" => "Keine Einträge",
        "No logo" => "Kein Logo",
        "No policies" => "Keine Richtlinien",
        "No revisions yet." => "Noch keine Revisionen.",
        "No role" => "Keine Rolle",
        "No roles" => "Keine Rollen",
        "No users" => "Keine Benutzer",
        "No users have this role." => "Kein Benutzer hat diese Rolle.",
        "None" => "Keine",
        "None for {collection}" => "Nichts für {collection}",
        "Not shown in the item form." => "Im Eintragsformular nicht gezeigt.",
        "Not valid JSON yet" => "Noch kein gültiges JSON",
        "Note" => "Notiz",
        "Notification archived" => "Benachrichtigung archiviert",
        "Notification moved to the inbox" => "Benachrichtigung in den Posteingang verschoben",
        "Notifications" => "Benachrichtigungen",
        "Nullable" => "Darf leer sein",
        "Numbers" => "Zahlen",
        "One choice a line: the stored value, or value=Label." => {
            "Eine Auswahl je Zeile: der gespeicherte Wert oder Wert=Beschriftung."
        }
        "One to Many" => "One to Many",
        "One-time code" => "Einmalcode",
        "Open" => "Öffnen",
        "Open Item" => "Eintrag öffnen",
        "Open {name}" => "{name} öffnen",
        "Operator" => "Operator",
        "Optional JSON list of rules that change the field in the form." => {
            "Optionale JSON-Liste von Regeln, die das Feld im Formular ändern."
        }
        "Options" => "Optionen",
        "Other" => "Sonstiges",
        "Page {page} of {pages}" => "Seite {page} von {pages}",
        "Pagination" => "Seitennavigation",
        "Password" => "Passwort",
        "People" => "Personen",
        "Permission saved" => "Berechtigung gespeichert",
        "Permissions" => "Berechtigungen",
        "Person" => "Person",
        "Placeholder" => "Platzhalter",
        "Policies" => "Richtlinien",
        "Policy" => "Richtlinie",
        "Policy attached" => "Richtlinie hinzugefügt",
        "Policy created" => "Richtlinie erstellt",
        "Policy deleted" => "Richtlinie gelöscht",
        "Policy detached" => "Richtlinie gelöst",
        "Policy saved" => "Richtlinie gespeichert",
        "Preview" => "Vorschau",
        "Previous page" => "Vorherige Seite",
        "Primary Key" => "Primärschlüssel",
        "Project Color" => "Projektfarbe",
        "Project Descriptor" => "Projektbeschreibung",
        "Project Logo" => "Projektlogo",
        "Project Name" => "Projektname",
        "Project Settings" => "Projekteinstellungen",
        "Project URL" => "Projekt-URL",
        "Project colour" => "Projektfarbe",
        "Project default" => "Projektstandard",
        "Project name" => "Projektname",
        "Public" => "Öffentlich",
        "Radio Buttons" => "Optionsfelder",
        "Read" => "Lesen",
        "Read Only" => "Schreibgeschützt",
        "Read-only" => "Schreibgeschützt",
        "Related Collection" => "Verknüpfte Sammlung",
        "Relational" => "Beziehungen",
        "Relationship" => "Beziehung",
        "Remove" => "Entfernen",
        "Remove all access" => "Allen Zugriff entfernen",
        "Remove filter" => "Filter entfernen",
        "Require Two-Factor Authentication" => "Zwei-Faktor-Authentifizierung verlangen",
        "Required" => "Erforderlich",
        "Revert" => "Zurücksetzen",
        "Revisions" => "Revisionen",
        "Role" => "Rolle",
        "Role created" => "Rolle erstellt",
        "Role deleted" => "Rolle gelöscht",
        "Role saved" => "Rolle gespeichert",
        "Save" => "Speichern",
        "Save Field" => "Feld speichern",
        "Save Permission" => "Berechtigung speichern",
        "Save Settings" => "Einstellungen speichern",
        "Save as Copy" => "Als Kopie speichern",
        "Search" => "Suchen",
        "Search files" => "Dateien durchsuchen",
        "Search files…" => "Dateien durchsuchen…",
        "Search items" => "Einträge durchsuchen",
        "Search items…" => "Einträge durchsuchen…",
        "Search users" => "Benutzer durchsuchen",
        "Search users…" => "Benutzer durchsuchen…",
        "Search…" => "Suchen…",
        "Select" => "Auswählen",
        "Select all" => "Alle auswählen",
        "Select an option" => "Option wählen",
        "Select from {c}" => "Aus {c} auswählen",
        "Select item {key}" => "Eintrag {key} auswählen",
        "Select {name}" => "{name} auswählen",
        "Select {n}" => "{n} auswählen",
        "Selection" => "Auswahl",
        "Settings" => "Einstellungen",
        "Settings saved" => "Einstellungen gespeichert",
        "Share" => "Teilen",
        "Shield" => "Schild",
        "Shown, but cannot be edited." => "Angezeigt, aber nicht bearbeitbar.",
        "Sign in" => "Anmelden",
        "Sign out" => "Abmelden",
        "Singleton" => "Einzelobjekt",
        "Singleton: the collection holds a single item" => {
            "Einzelobjekt: die Sammlung enthält genau einen Eintrag"
        }
        "Size" => "Größe",
        "Skip to content" => "Zum Inhalt springen",
        "Slider" => "Schieberegler",
        "Some required fields are empty." => "Einige Pflichtfelder sind leer.",
        "Starts with" => "Beginnt mit",
        "Status" => "Status",
        "Step" => "Schrittweite",
        "Strata's studio needs JavaScript." => "Das Strata-Studio benötigt JavaScript.",
        "String" => "Zeichenkette",
        "Studio Languages" => "Studio-Sprachen",
        "Suspended" => "Gesperrt",
        "System" => "System",
        "System Collections" => "Systemsammlungen",
        "Tags" => "Schlagwörter",
        "Text" => "Text",
        "Text (multiline)" => "Text (mehrzeilig)",
        "That code is not valid." => "Dieser Code ist ungültig.",
        "The accent of the logo tile and the login page." => {
            "Die Akzentfarbe der Logokachel und der Anmeldeseite."
        }
        "The address of the website this project feeds." => {
            "Die Adresse der Website, die dieses Projekt speist."
        }
        "The collection already has a field with this key." => {
            "Die Sammlung hat bereits ein Feld mit diesem Schlüssel."
        }
        "The column may hold no value." => "Die Spalte darf keinen Wert enthalten.",
        "The default value does not fit the field's type." => {
            "Der Standardwert passt nicht zum Typ des Feldes."
        }
        "The field holds a file of the file library." => {
            "Das Feld enthält eine Datei der Dateibibliothek."
        }
        "The field of {related} that points at this collection." => {
            "Das Feld von {related}, das auf diese Sammlung zeigt."
        }
        "The related collection already has a field with this key." => {
            "Die verknüpfte Sammlung hat bereits ein Feld mit diesem Schlüssel."
        }
        "The studio ships in these languages; each user picks one in the module bar." => {
            "Das Studio gibt es in diesen Sprachen; jeder Benutzer wählt eine in der Modulleiste."
        }
        "The upload could not be started." => "Der Upload konnte nicht gestartet werden.",
        "The upload failed: the server could not be reached." => {
            "Der Upload ist fehlgeschlagen: Der Server war nicht erreichbar."
        }
        "This collection does not exist." => "Diese Sammlung gibt es nicht.",
        "This collection has no fields to edit." => {
            "Diese Sammlung hat keine bearbeitbaren Felder."
        }
        "This field has no relation yet." => "Dieses Feld hat noch keine Beziehung.",
        "This field is required" => "Dieses Feld ist erforderlich",
        "This policy has admin access: it can do everything, whatever the permissions below say." => {
            "Diese Richtlinie hat Administratorzugriff: Sie darf alles, was immer die Berechtigungen unten sagen."
        }
        "This relation is not fully set up." => {
            "Diese Beziehung ist nicht vollständig eingerichtet."
        }
        "This role has no policies yet." => "Diese Rolle hat noch keine Richtlinien.",
        "Time" => "Uhrzeit",
        "Timestamp" => "Zeitstempel",
        "Title" => "Titel",
        "Toggle" => "Schalter",
        "Toggle dark mode" => "Dunkelmodus umschalten",
        "True" => "Wahr",
        "Type" => "Typ",
        "UUID" => "UUID",
        "Unsaved changes" => "Ungespeicherte Änderungen",
        "Update" => "Aktualisieren",
        "Updated" => "Aktualisiert",
        "Upload" => "Hochladen",
        "Upload Files" => "Dateien hochladen",
        "Upload a file" => "Datei hochladen",
        "Uploaded By" => "Hochgeladen von",
        "Uploaded On" => "Hochgeladen am",
        "Uploads" => "Uploads",
        "Use Custom" => "Eigene Regeln",
        "User" => "Benutzer",
        "User Directory" => "Benutzerverzeichnis",
        "User Roles" => "Benutzerrollen",
        "User created" => "Benutzer erstellt",
        "User deleted" => "Benutzer gelöscht",
        "User saved" => "Benutzer gespeichert",
        "Users" => "Benutzer",
        "Users in this Role" => "Benutzer dieser Rolle",
        "Users must set up two-factor authentication." => {
            "Benutzer müssen die Zwei-Faktor-Authentifizierung einrichten."
        }
        "Validation" => "Validierung",
        "Validation Filter" => "Validierungsfilter",
        "Validation Message" => "Validierungsmeldung",
        "Validation must be a JSON filter object." => {
            "Die Validierung muss ein JSON-Filterobjekt sein."
        }
        "Validation rule (JSON)" => "Validierungsregel (JSON)",
        "Value" => "Wert",
        "Values set on every item this action writes, e.g. {\"status\": \"draft\"}." => {
            "Werte, die bei jedem Schreiben dieser Aktion gesetzt werden, z. B. {\"status\": \"draft\"}."
        }
        "Values, separated by commas" => "Werte, durch Kommas getrennt",
        "View Content" => "Inhalt ansehen",
        "Welcome to Strata" => "Willkommen bei Strata",
        "Which items the action applies to, in filter syntax. Leave empty for all items. Dynamic values: $CURRENT_USER, $CURRENT_ROLE, $NOW, e.g. {\"user_created\": {\"_eq\": \"$CURRENT_USER\"}}." => {
            "Für welche Einträge die Aktion gilt, in Filtersyntax. Leer lassen für alle Einträge. Dynamische Werte: $CURRENT_USER, $CURRENT_ROLE, $NOW, z. B. {\"user_created\": {\"_eq\": \"$CURRENT_USER\"}}."
        }
        "Width" => "Breite",
        "Wrong e-mail or password." => "Falsche E-Mail oder falsches Passwort.",
        "Your inbox is empty" => "Ihr Posteingang ist leer",
        "all" => "alle",
        "custom" => "eigene",
        "e.g. title" => "z. B. title",
        "none" => "keine",
        "required" => "erforderlich",
        "{from}–{to} of {total}" => "{from}–{to} von {total}",
        "{name} uploaded" => "{name} hochgeladen",
        "{n} fields" => "{n} Felder",
        "{n} files deleted" => "{n} Dateien gelöscht",
        "{n} items deleted" => "{n} Einträge gelöscht",
        "Delete Folder" => "Ordner löschen",
        "Delete the folder {name}? Its files and folders move to the folder above." => {
            "Den Ordner {name} löschen? Seine Dateien und Ordner wandern in den Ordner darüber."
        }
        "Folder deleted" => "Ordner gelöscht",
        "Folder renamed" => "Ordner umbenannt",
        "Rename Folder" => "Ordner umbenennen",
        "Add" => "Hinzufügen",
        "Create New" => "Neu anlegen",
        "Edit New" => "Neuen bearbeiten",
        "New" => "Neu",
        "New item in {collection}" => "Neuer Eintrag in {collection}",
        _ => return None,
    })
}
