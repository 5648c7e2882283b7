CREATE TABLE residence (id INT PRIMARY KEY, name VARCHAR(100));
INSERT INTO residence (id, name) VALUES (1, 'Elm Street 13');
