create table plans (id int primary key, region text not null, price numeric not null);
insert into plans values (1, 'eu', 10), (2, 'eu', 20), (3, 'us', 30);
