BEGIN TRANSACTION;
CREATE TABLE concepts (id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, label TEXT NOT NULL, definition TEXT,
  adult INTEGER NOT NULL, deprecated INTEGER NOT NULL);
INSERT INTO "concepts" VALUES(1,'https://example.org/voc/CON','con',NULL,0,0);
INSERT INTO "concepts" VALUES(2,'https://example.org/voc/a','A <b>bold</b> & [[link]] {{tpl}} | pipe','Starts with =, has *stars* and _underscores_ and `code`.',0,0);
INSERT INTO "concepts" VALUES(3,'https://example.org/voc/b','B',NULL,0,0);
INSERT INTO "concepts" VALUES(4,'https://example.org/voc/c','C',NULL,0,0);
INSERT INTO "concepts" VALUES(5,'https://example.org/voc/con','Con again',NULL,0,0);
INSERT INTO "concepts" VALUES(6,'https://example.org/voc/d','D',NULL,0,0);
INSERT INTO "concepts" VALUES(7,'https://example.org/voc/top','Top','The top concept.
It has a second line.',0,0);
INSERT INTO "concepts" VALUES(8,'https://example.org/voc/x','X',NULL,0,0);
CREATE TABLE facets (concept_id INTEGER NOT NULL REFERENCES concepts(id), facet TEXT NOT NULL,
  value_iri TEXT NOT NULL, value_id INTEGER REFERENCES concepts(id));
CREATE TABLE labels (concept_id INTEGER NOT NULL REFERENCES concepts(id), kind TEXT NOT NULL, lang TEXT NOT NULL,
  text TEXT NOT NULL);
INSERT INTO "labels" VALUES(1,'prefLabel','en','con');
INSERT INTO "labels" VALUES(2,'prefLabel','en','A <b>bold</b> & [[link]] {{tpl}} | pipe');
INSERT INTO "labels" VALUES(2,'altLabel','en','''=quoted');
INSERT INTO "labels" VALUES(2,'altLabel','en','-minus');
INSERT INTO "labels" VALUES(2,'altLabel','en','=SUM(1+1)');
INSERT INTO "labels" VALUES(2,'altLabel','en','@handle');
INSERT INTO "labels" VALUES(2,'altLabel','en','a|b\c');
INSERT INTO "labels" VALUES(2,'notation','','A1');
INSERT INTO "labels" VALUES(3,'prefLabel','en','B');
INSERT INTO "labels" VALUES(4,'prefLabel','en','C');
INSERT INTO "labels" VALUES(5,'prefLabel','en','Con again');
INSERT INTO "labels" VALUES(6,'prefLabel','en','D');
INSERT INTO "labels" VALUES(7,'prefLabel','de','Oberbegriff');
INSERT INTO "labels" VALUES(7,'prefLabel','en','Top');
INSERT INTO "labels" VALUES(7,'prefLabel','ja','トップ');
INSERT INTO "labels" VALUES(8,'prefLabel','en','X');
CREATE TABLE mappings (concept_id INTEGER NOT NULL REFERENCES concepts(id), relation TEXT NOT NULL,
  iri TEXT NOT NULL);
INSERT INTO "mappings" VALUES(2,'exactMatch','https://vndb.org/g513');
CREATE TABLE notes (concept_id INTEGER NOT NULL REFERENCES concepts(id), kind TEXT NOT NULL, lang TEXT NOT NULL,
  text TEXT NOT NULL);
INSERT INTO "notes" VALUES(2,'definition','en','Starts with =, has *stars* and _underscores_ and `code`.');
INSERT INTO "notes" VALUES(7,'definition','en','The top concept.
It has a second line.');
CREATE TABLE relations (concept_id INTEGER NOT NULL REFERENCES concepts(id), relation TEXT NOT NULL,
  target_iri TEXT NOT NULL, target_id INTEGER REFERENCES concepts(id));
INSERT INTO "relations" VALUES(1,'types','http://www.w3.org/2004/02/skos/core#Concept',NULL);
INSERT INTO "relations" VALUES(2,'broader','https://example.org/voc/top',7);
INSERT INTO "relations" VALUES(2,'narrower','https://example.org/voc/b',3);
INSERT INTO "relations" VALUES(2,'schemes','https://example.org/voc/scheme',NULL);
INSERT INTO "relations" VALUES(2,'types','http://www.w3.org/2004/02/skos/core#Concept',NULL);
INSERT INTO "relations" VALUES(3,'broader','https://example.org/voc/a',2);
INSERT INTO "relations" VALUES(3,'broader','https://example.org/voc/top',7);
INSERT INTO "relations" VALUES(3,'related','https://example.org/voc/x',8);
INSERT INTO "relations" VALUES(3,'schemes','https://example.org/voc/scheme',NULL);
INSERT INTO "relations" VALUES(3,'types','http://www.w3.org/2004/02/skos/core#Concept',NULL);
INSERT INTO "relations" VALUES(4,'broader','https://example.org/voc/d',6);
INSERT INTO "relations" VALUES(4,'narrower','https://example.org/voc/d',6);
INSERT INTO "relations" VALUES(4,'schemes','https://example.org/voc/scheme',NULL);
INSERT INTO "relations" VALUES(4,'types','http://www.w3.org/2004/02/skos/core#Concept',NULL);
INSERT INTO "relations" VALUES(5,'types','http://www.w3.org/2004/02/skos/core#Concept',NULL);
INSERT INTO "relations" VALUES(6,'broader','https://example.org/voc/c',4);
INSERT INTO "relations" VALUES(6,'narrower','https://example.org/voc/c',4);
INSERT INTO "relations" VALUES(6,'schemes','https://example.org/voc/scheme',NULL);
INSERT INTO "relations" VALUES(6,'types','http://www.w3.org/2004/02/skos/core#Concept',NULL);
INSERT INTO "relations" VALUES(7,'narrower','https://example.org/voc/a',2);
INSERT INTO "relations" VALUES(7,'narrower','https://example.org/voc/b',3);
INSERT INTO "relations" VALUES(7,'schemes','https://example.org/voc/scheme',NULL);
INSERT INTO "relations" VALUES(7,'types','http://www.w3.org/2004/02/skos/core#Concept',NULL);
INSERT INTO "relations" VALUES(8,'related','https://example.org/voc/b',3);
INSERT INTO "relations" VALUES(8,'schemes','https://example.org/voc/other',NULL);
INSERT INTO "relations" VALUES(8,'types','http://www.w3.org/2004/02/skos/core#Concept',NULL);
PRAGMA writable_schema=ON;
INSERT INTO sqlite_master(type,name,tbl_name,rootpage,sql)VALUES('table','search','search',0,'CREATE VIRTUAL TABLE search USING fts5(labels, definition, concept_id UNINDEXED, tokenize = ''unicode61'')');
INSERT INTO "search" VALUES('con','',1);
INSERT INTO "search" VALUES('A <b>bold</b> & [[link]] {{tpl}} | pipe
''=quoted
-minus
=SUM(1+1)
@handle
a|b\c
A1','Starts with =, has *stars* and _underscores_ and `code`.',2);
INSERT INTO "search" VALUES('B','',3);
INSERT INTO "search" VALUES('C','',4);
INSERT INTO "search" VALUES('Con again','',5);
INSERT INTO "search" VALUES('D','',6);
INSERT INTO "search" VALUES('Oberbegriff
Top
トップ','The top concept.
It has a second line.',7);
INSERT INTO "search" VALUES('X','',8);
CREATE TABLE 'search_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO "search_config" VALUES('version',4);
CREATE TABLE 'search_content'(id INTEGER PRIMARY KEY, c0, c1, c2);
INSERT INTO "search_content" VALUES(1,'con','',1);
INSERT INTO "search_content" VALUES(2,'A <b>bold</b> & [[link]] {{tpl}} | pipe
''=quoted
-minus
=SUM(1+1)
@handle
a|b\c
A1','Starts with =, has *stars* and _underscores_ and `code`.',2);
INSERT INTO "search_content" VALUES(3,'B','',3);
INSERT INTO "search_content" VALUES(4,'C','',4);
INSERT INTO "search_content" VALUES(5,'Con again','',5);
INSERT INTO "search_content" VALUES(6,'D','',6);
INSERT INTO "search_content" VALUES(7,'Oberbegriff
Top
トップ','The top concept.
It has a second line.',7);
INSERT INTO "search_content" VALUES(8,'X','',8);
CREATE TABLE 'search_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO "search_data" VALUES(1,X'081B1000');
INSERT INTO "search_data" VALUES(10,X'000000000101010001010101');
INSERT INTO "search_data" VALUES(137438953473,X'0000014402303102040C030101610204020F050601010702013102021202046761696E05020302026E64020801010604010162020603040D01020202036F6C6402020401016302021102020202036F6465020601010903016E0102020402020404636570740706010104010164060202010668616E646C6502020E0301730206010104050601010601026974070601010501046C696E65070601010904016B02020601056D696E757302020A010B6F62657262656772696666070202010470697065020208010671756F74656402020901067365636F6E64070601010802047461727302060101050502747302060101020202756D02020B0103746865070601010202026F700708030101030202706C020207010B756E64657273636F726573020601010701047769746802060101030101780802020109E38388E38383E3839707020404070C06090A0B08090A090B060B0D090B060A10090B0D0B09070A0A07120B06');
CREATE TABLE 'search_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
INSERT INTO "search_docsize" VALUES(1,X'010000');
INSERT INTO "search_docsize" VALUES(2,X'110800');
INSERT INTO "search_docsize" VALUES(3,X'010000');
INSERT INTO "search_docsize" VALUES(4,X'010000');
INSERT INTO "search_docsize" VALUES(5,X'020000');
INSERT INTO "search_docsize" VALUES(6,X'010000');
INSERT INTO "search_docsize" VALUES(7,X'030800');
INSERT INTO "search_docsize" VALUES(8,X'010000');
CREATE TABLE 'search_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
INSERT INTO "search_idx" VALUES(1,X'',2);
CREATE INDEX labels_concept ON labels(concept_id);
CREATE INDEX notes_concept ON notes(concept_id);
CREATE INDEX relations_concept ON relations(concept_id);
CREATE INDEX relations_target ON relations(target_id);
CREATE INDEX facets_concept ON facets(concept_id);
CREATE INDEX facets_value ON facets(value_id);
CREATE INDEX mappings_concept ON mappings(concept_id);
PRAGMA writable_schema=OFF;
COMMIT;
