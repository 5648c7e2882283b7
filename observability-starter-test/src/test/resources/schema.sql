create table task (id int primary key, residence_id int not null, title varchar(100) not null);
insert into task values (1, 7, 'water plants');
insert into task values (2, 7, 'check heating');
